package mdconfig

import (
	"strings"

	"handbook/internal/markdown/betterem"
	"handbook/internal/markdown/blocks"
	"handbook/internal/markdown/critic"
	"handbook/internal/markdown/escapeall"
	"handbook/internal/markdown/footnote"
	"handbook/internal/markdown/magiclink"
	"handbook/internal/markdown/math"
	"handbook/internal/markdown/progressbar"
	"handbook/internal/markdown/smartsymbols"
	"handbook/internal/markdown/snippets"
	"handbook/internal/markdown/toc"
	"handbook/internal/project/cfgtree"
)

// handlers are the extensions handbook implements, by the name
// markdown_extensions gives them. Those whose construct is always on
// (Material's dialect is handbook's base) only accept their options.
var handlers map[string]handler

func init() {
	handlers = map[string]handler{
		// Python-Markdown's own. MkDocs always loads toc, tables and
		// fenced_code; "extra" is the bundle of the next seven.
		"toc": readTOC, "tables": none, "fenced_code": accept("lang_prefix"),
		"abbr": accept("glossary"), "attr_list": none, "def_list": none, "footnotes": acceptFootnotes,
		"md_in_html": none, "extra": readExtra, "admonition": none, "meta": none,
		"sane_lists": none, "codehilite": acceptHighlight,

		"pymdownx.extra":        readPymdownxExtra,
		"pymdownx.arithmatex":   readArithmatex,
		"pymdownx.betterem":     readBetterEm,
		"pymdownx.caret":        accept("smart_insert", "insert", "superscript"),
		"pymdownx.mark":         accept("smart_mark"),
		"pymdownx.tilde":        accept("smart_delete", "delete", "subscript"),
		"pymdownx.critic":       readCritic,
		"pymdownx.details":      none,
		"pymdownx.emoji":        accept("emoji_index", "emoji_generator", "title", "alt", "remove_variation_selector", "options"),
		"pymdownx.escapeall":    readEscapeAll,
		"pymdownx.highlight":    acceptHighlight,
		"pymdownx.inlinehilite": accept("css_class", "style_plain_text", "custom_inline"),
		"pymdownx.keys":         accept("separator", "strict", "camel_case", "key_map"),
		"pymdownx.magiclink":    readMagicLink,
		"pymdownx.progressbar":  readProgressBar,
		"pymdownx.saneheaders":  none,
		"pymdownx.smartsymbols": readSmartSymbols,
		"pymdownx.snippets":     readSnippets,
		"pymdownx.superfences":  readSuperFences,
		"pymdownx.tabbed":       readTabbed,
		"pymdownx.tasklist":     accept("custom_checkbox", "clickable_checkbox"),

		"pymdownx.blocks.admonition": readBlockAdmonition,
		"pymdownx.blocks.details":    readBlockDetails,
		"pymdownx.blocks.tab":        readBlockTab,
		"pymdownx.blocks.html":       readBlockHTML,
		"pymdownx.blocks.definition": readBlockDefinition,
		"pymdownx.blocks.caption":    readBlockCaption,

		// Material's link previews (handbook's previews do the job).
		"material.extensions.preview": accept("targets", "configurations"),
	}
}

func none(*reader, *options) {}

// accept makes a handler that takes the given options as they are: their
// construct is always on, and its markup already is Material's.
func accept(keys ...string) handler {
	return func(_ *reader, o *options) { o.accept(keys...) }
}

// acceptHighlight: handbook highlights code itself at build time, with
// Material's markup (the language class on the wrapper, inline line
// numbers), whatever these options say.
func acceptHighlight(r *reader, o *options) {
	o.accept("use_pygments", "pygments_style", "noclasses", "css_class", "guess_lang", "pygments_lang_class",
		"default_lang", "linenums", "linenums_style", "linenums_special", "linenums_class", "extend_pygments_lang",
		"language_prefix", "code_attr_on_pre", "auto_title", "auto_title_map", "line_spans", "anchor_linenums",
		"line_anchors", "stripnl", "pygments_linenums_class", "lang_str", "pygments_lang_str")
}

// acceptFootnotes reads the footnotes' ids and texts (SEPARATOR,
// BACKLINK_TEXT, SUPERSCRIPT_TEXT, BACKLINK_TITLE); the others are
// accepted as they are: notes numbered in the order defined, listed at the
// page's end, ids without a per-page number.
func acceptFootnotes(r *reader, o *options) {
	o.accept("PLACE_MARKER", "UNIQUE_IDS", "USE_DEFINITION_ORDER")
	f := footnote.Options{
		Separator:       o.str("SEPARATOR", ""),
		BacklinkText:    o.str("BACKLINK_TEXT", ""),
		SuperscriptText: o.str("SUPERSCRIPT_TEXT", ""),
		BacklinkTitle:   o.str("BACKLINK_TITLE", ""),
	}
	if f != (footnote.Options{}) {
		r.opts.Dialect.Footnotes = &f
	}
}

// readTOC reads toc's options: permalink (true or its text),
// permalink_title, toc_depth (a number or "2-4"), title, slugify and
// separator.
func readTOC(r *reader, o *options) {
	t := &r.opts.TOC
	t.Permalink, t.Symbol = false, ""
	t.Top, t.Bottom = 1, 6
	if p := o.get("permalink"); !p.IsNull() {
		switch strings.ToLower(p.Text) {
		case "true", "yes", "on":
			t.Permalink = true
		case "false", "no", "off", "":
		default:
			t.Permalink, t.Symbol = true, p.Text
		}
	}
	t.PermalinkTitle = o.str("permalink_title", "")
	t.Title = o.str("title", "")
	t.Separator = o.str("separator", "")
	if d := o.get("toc_depth"); !d.IsNull() {
		if top, bottom, err := toc.ParseDepth(d.Text); err != nil || d.Kind != cfgtree.Scalar {
			r.warn(d, "markdown_extensions: toc option toc_depth must be a number or a range like \"2-4\" (ignored)")
		} else {
			t.Top, t.Bottom = top, bottom
		}
	}
	if s := o.get("slugify"); !s.IsNull() {
		t.Slugify = r.slugify(s, "toc")
	}
	o.accept("marker", "baselevel", "anchorlink", "anchorlink_class", "permalink_class", "permalink_leading", "toc_class")
}

// slugify reads a slugify setting: !!python/name:… or
// !!python/object/apply:… {kwds: {…}}; nil (the default) when handbook
// does not know the function.
func (r *reader) slugify(n *cfgtree.Node, ext string) toc.Slugify {
	kw := toc.SlugOptions{}
	if kwds := n.Get("kwds"); kwds != nil {
		kw.Case = kwds.Get("case").TextOr("")
		kw.PercentEncode = strings.EqualFold(kwds.Get("percent_encode").TextOr(""), "true")
		kw.Normalize = kwds.Get("normalize").TextOr("")
	}
	f, ok := toc.Named(n.PythonName(), kw)
	if !ok {
		r.warn(n, "markdown_extensions: %s slugify %s is not one handbook knows (MkDocs' default ids are used)", ext, n.PythonName())
		return nil
	}
	return f
}

// readExtra: Python-Markdown's extra bundle, whose parts handbook always has.
func readExtra(r *reader, o *options) {
	readBundle(r, o, "abbr", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html", "tables")
}

// readPymdownxExtra: pymdownx.extra is betterem, superfences and Python-
// Markdown's extra without its emphasis and fences; each part's options
// may be given under its name.
func readPymdownxExtra(r *reader, o *options) {
	r.opts.Dialect.BetterEm = &betterem.Options{}
	readBundle(r, o, "pymdownx.betterem", "pymdownx.superfences", "footnotes", "attr_list", "def_list", "tables", "abbr", "md_in_html")
}

// readBundle applies each part's options given under its name.
func readBundle(r *reader, o *options, parts ...string) {
	for _, name := range parts {
		if sub := o.get(name); !sub.IsNull() {
			r.extension(name, sub, sub)
		}
	}
}

func readArithmatex(r *reader, o *options) {
	m := &math.Options{
		Generic:     o.bool("generic", false),
		SmartDollar: o.bool("smart_dollar", true),
		Preview:     o.bool("preview", true),
		InlineTag:   o.str("inline_tag", "span"),
		BlockTag:    o.str("block_tag", "div"),
	}
	if v := o.get("inline_syntax"); !v.IsNull() {
		m.InlineSyntax = v.Texts()
	}
	if v := o.get("block_syntax"); !v.IsNull() {
		m.BlockSyntax = v.Texts()
	}
	m.InlineWrap = pair(r, o, "tex_inline_wrap")
	m.BlockWrap = pair(r, o, "tex_block_wrap")
	r.opts.Dialect.Math = m
}

// pair reads a two-string list option.
func pair(r *reader, o *options, key string) [2]string {
	v := o.get(key)
	if v.IsNull() {
		return [2]string{}
	}
	t := v.Texts()
	if v.Kind != cfgtree.List || len(t) != 2 {
		r.warn(v, "markdown_extensions: %s option %s must be a list of two strings (ignored)", o.ext, key)
		return [2]string{}
	}
	return [2]string{t[0], t[1]}
}

func readBetterEm(r *reader, o *options) {
	smart := o.str("smart_enable", "underscore")
	b := &betterem.Options{}
	switch smart {
	case "all":
		b.SmartAsterisk, b.SmartUnderscore = true, true
	case "asterisk":
		b.SmartAsterisk = true
	case "underscore":
		b.SmartUnderscore = true
	case "none":
	default:
		r.warn(o.get("smart_enable"), "markdown_extensions: pymdownx.betterem smart_enable must be all, asterisk, underscore or none (underscore is used)")
		b.SmartUnderscore = true
	}
	r.opts.Dialect.BetterEm = b
}

func readCritic(r *reader, o *options) {
	c := &critic.Options{RawView: o.bool("raw_view", false)}
	switch mode := o.str("mode", "view"); mode {
	case "view":
		c.Mode = critic.View
	case "accept":
		c.Mode = critic.Accept
	case "reject":
		c.Mode = critic.Reject
	default:
		r.warn(o.get("mode"), "markdown_extensions: pymdownx.critic mode must be view, accept or reject (view is used)")
		c.Mode = critic.View
	}
	r.opts.Critic = c
}

func readEscapeAll(r *reader, o *options) {
	o.accept("hardbreak") // goldmark's: a backslash before a line end is a line break
	r.opts.Dialect.EscapeAll = &escapeall.Options{Nbsp: o.bool("nbsp", false)}
}

func readMagicLink(r *reader, o *options) {
	m := &magiclink.Options{
		RepoShorthand:         o.bool("repo_url_shorthand", false),
		Provider:              o.str("provider", "github"),
		User:                  o.str("user", ""),
		Repo:                  o.str("repo", ""),
		NormalizeIssueSymbols: o.bool("normalize_issue_symbols", false),
	}
	if l := o.get("labels"); l != nil && l.Kind == cfgtree.Map {
		m.Labels = map[string]string{}
		for i, k := range l.Keys {
			m.Labels[k.Text] = l.Vals[i].TextOr("")
		}
	}
	o.accept("hide_protocol", "link_length", "repo_url_shortener", "social_url_shortener", "social_url_shorthand", "shortener_user_exclude", "custom")
	r.opts.Dialect.MagicLink = m
}

func readProgressBar(r *reader, o *options) {
	r.opts.Dialect.ProgressBar = &progressbar.Options{
		NoLevelClass: !o.bool("level_class", true),
		Increment:    o.integer("progress_increment", 20),
		AddClasses:   o.str("add_classes", ""),
	}
}

func readSmartSymbols(r *reader, o *options) {
	r.opts.Dialect.SmartSymbols = &smartsymbols.Options{
		NoTrademark: !o.bool("trademark", true), NoCopyright: !o.bool("copyright", true),
		NoRegistered: !o.bool("registered", true), NoCareOf: !o.bool("care_of", true),
		NoPlusMinus: !o.bool("plusminus", true), NoArrows: !o.bool("arrows", true),
		NoNotEqual: !o.bool("notequal", true), NoFractions: !o.bool("fractions", true),
		NoOrdinalNumbers: !o.bool("ordinal_numbers", true),
	}
}

// readSnippets: base_path (one or a list; default the project folder),
// check_paths, auto_append, dedent_subsections. Remote snippets are
// reported where a page names them (the build makes no requests).
func readSnippets(r *reader, o *options) {
	s := &snippets.Options{
		CheckPaths:        o.bool("check_paths", false),
		AutoAppend:        o.strs("auto_append"),
		DedentSubsections: o.bool("dedent_subsections", false),
	}
	bases := o.strs("base_path")
	if o.get("base_path").IsNull() {
		bases = []string{"."}
	}
	for _, b := range bases {
		s.BasePaths = append(s.BasePaths, r.relative(b))
	}
	o.accept("encoding", "restrict_base_path", "url_download", "url_max_size", "url_timeout", "url_request_headers")
	r.opts.Snippets = s
}

// readSuperFences: fenced code is always on; a custom fence other than
// mermaid is shown as a code block, one warning.
func readSuperFences(r *reader, o *options) {
	o.accept("disable_indented_code_blocks", "preserve_tabs", "highlight_code", "css_class", "relaxed_headers")
	fences := o.get("custom_fences")
	if fences.IsNull() || fences.Kind != cfgtree.List {
		return
	}
	for _, f := range fences.Items {
		if name := f.Get("name").TextOr(""); name != "" && name != "mermaid" {
			r.warn(f, "markdown_extensions: pymdownx.superfences custom fence %q runs Python code; its blocks are shown as code", name)
		}
	}
}

func (r *reader) blocks() *blocks.Options {
	if r.opts.Dialect.Blocks == nil {
		r.opts.Dialect.Blocks = &blocks.Options{}
	}
	return r.opts.Dialect.Blocks
}

func readBlockAdmonition(r *reader, o *options) {
	r.blocks().Admonition = &blocks.Typed{Types: blockTypes(r, o)}
}
func readBlockDetails(r *reader, o *options) {
	r.blocks().Details = &blocks.Typed{Types: blockTypes(r, o)}
}
func readBlockDefinition(r *reader, _ *options) { r.blocks().Definition = true }

func readBlockTab(r *reader, o *options) {
	readTabbed(r, o)
	r.blocks().Tab = true
}

// readTabbed: the alternate style is handbook's (and Material's) only one;
// slugify, separator and combine_header_slug make the tabs' ids.
func readTabbed(r *reader, o *options) {
	o.accept("alternate_style")
	if s := o.get("slugify"); !s.IsNull() {
		r.opts.TabIDs.Slugify = r.slugify(s, o.ext)
	}
	r.opts.TabIDs.Separator = o.str("separator", r.opts.TabIDs.Separator)
	r.opts.TabIDs.CombineHeaderSlug = o.bool("combine_header_slug", r.opts.TabIDs.CombineHeaderSlug)
}

// blockTypes reads admonition or details types: names, or {name, class,
// title} mappings; nil keeps the defaults.
func blockTypes(r *reader, o *options) []blocks.Type {
	v := o.get("types")
	if v.IsNull() {
		return nil
	}
	if v.Kind != cfgtree.List {
		r.warn(v, "markdown_extensions: %s types must be a list (ignored)", o.ext)
		return nil
	}
	out := []blocks.Type{}
	for _, it := range v.Items {
		switch it.Kind {
		case cfgtree.Scalar:
			out = append(out, blocks.Type{Name: it.Text})
		case cfgtree.Map:
			out = append(out, blocks.Type{Name: it.Get("name").TextOr(""), Class: it.Get("class").TextOr(""), Title: it.Get("title").TextOr("")})
		}
	}
	return out
}

func readBlockHTML(r *reader, o *options) {
	h := &blocks.HTML{}
	if v := o.get("custom"); v != nil && v.Kind == cfgtree.List {
		h.Custom = map[string]string{}
		for _, it := range v.Items {
			if tag := it.Get("tag").TextOr(""); tag != "" {
				h.Custom[tag] = it.Get("mode").TextOr("auto")
			}
		}
	}
	r.blocks().HTML = h
}

func readBlockCaption(r *reader, o *options) {
	c := &blocks.Caption{Prepend: o.bool("prepend", false), NoAuto: !o.bool("auto", true), AutoLevel: o.integer("auto_level", 0)}
	if v := o.get("types"); v != nil && v.Kind == cfgtree.List {
		c.Types = []blocks.CaptionType{}
		for _, it := range v.Items {
			if it.Kind == cfgtree.Scalar {
				c.Types = append(c.Types, blocks.CaptionType{Name: it.Text})
				continue
			}
			c.Types = append(c.Types, blocks.CaptionType{Name: it.Get("name").TextOr(""), Prefix: it.Get("prefix").TextOr(""), Classes: it.Get("classes").TextOr("")})
		}
	}
	r.blocks().Caption = c
}
