// Package mdconfig reads a project's markdown_extensions (mkdocs.yml,
// zensical.toml or handbook.yaml, all in mkdocs.yml's shape) into the
// converter's options: which optional constructs of markdown.Dialect are
// on, with their options, the snippets and critic preprocessors, and toc's
// permalinks, depth and slugify. Extensions handbook does not implement are
// one warning each, at their line; an option it does not know is a warning
// at the option.
package mdconfig

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"handbook/internal/diag"
	"handbook/internal/markdown"
	"handbook/internal/markdown/toc"
	"handbook/internal/project"
	"handbook/internal/project/cfgtree"
)

// Read turns cfg's markdown_extensions into converter options. The
// converter's level settings are the caller's.
func Read(cfg *project.Config) (markdown.Options, diag.List) {
	r := &reader{cfg: cfg}
	r.opts.TOC = baseTOC(cfg)
	for _, e := range cfg.MarkdownExtensions {
		r.extension(e.Name, e.Options, e.At)
	}
	return r.opts, r.diags
}

// baseTOC is the toc settings the config gives outside markdown_extensions
// (handbook.yaml's toc key; for MkDocs the toc entry, read by project).
func baseTOC(cfg *project.Config) toc.Options {
	o := toc.Options{Bottom: cfg.TOC.Depth, Symbol: cfg.TOC.PermalinkSymbol}
	o.Permalink = cfg.TOC.Permalink == nil || *cfg.TOC.Permalink
	return o
}

// reader carries one Read.
type reader struct {
	cfg   *project.Config
	opts  markdown.Options
	diags diag.List
}

// handler reads one extension's options.
type handler func(r *reader, o *options)

// extension applies one markdown_extensions entry.
func (r *reader) extension(name string, opts, at *cfgtree.Node) {
	h, ok := handlers[name]
	if !ok {
		r.warn(at, "markdown_extensions: %s is not implemented by handbook (ignored: its syntax stays as text)", name)
		return
	}
	o := &options{r: r, ext: name, n: opts, used: map[string]bool{}}
	if opts != nil && !opts.IsNull() && opts.Kind != cfgtree.Map {
		r.warn(opts, "markdown_extensions: the options of %s must be a mapping (ignored)", name)
		o.n = nil
	}
	h(r, o)
	o.done()
}

func (r *reader) warn(at *cfgtree.Node, format string, args ...any) {
	path, line, col := r.cfg.Path, 0, 0
	if at != nil {
		line, col = at.Line, at.Col
		// A parent config (INHERIT) is named by its path; the project's
		// own config as Load shows it.
		if at.File != "" && (len(r.cfg.Files) == 0 || at.File != r.cfg.Files[0]) {
			path = at.File
		}
	}
	r.diags.Warnf(path, line, col, "markdown-extension", format, args...)
}

// relative resolves a path from the config the way MkDocs resolves it
// from the folder it runs in: the project folder.
func (r *reader) relative(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(r.cfg.Root, filepath.FromSlash(p))
}

// options reads one extension's option mapping; done reports the keys
// nothing read.
type options struct {
	r    *reader
	ext  string
	n    *cfgtree.Node
	used map[string]bool
}

// get returns the value of key (nil when absent) and marks it read.
func (o *options) get(key string) *cfgtree.Node {
	o.used[key] = true
	if o.n == nil {
		return nil
	}
	return o.n.Get(key)
}

// accept marks keys whose effect handbook already has, or does not need.
func (o *options) accept(keys ...string) {
	for _, k := range keys {
		o.used[k] = true
	}
}

func (o *options) bool(key string, def bool) bool {
	v := o.get(key)
	if v.IsNull() {
		return def
	}
	if v.Kind == cfgtree.Scalar {
		switch strings.ToLower(v.Text) {
		case "true", "yes", "on":
			return true
		case "false", "no", "off":
			return false
		}
	}
	o.r.warn(v, "markdown_extensions: %s option %s must be true or false (ignored)", o.ext, key)
	return def
}

func (o *options) str(key, def string) string {
	v := o.get(key)
	if v.IsNull() {
		return def
	}
	if v.Kind != cfgtree.Scalar {
		o.r.warn(v, "markdown_extensions: %s option %s must be text (ignored)", o.ext, key)
		return def
	}
	return v.Text
}

func (o *options) integer(key string, def int) int {
	v := o.get(key)
	if v.IsNull() {
		return def
	}
	var n int
	if v.Kind != cfgtree.Scalar || func() error { _, err := fmt.Sscan(v.Text, &n); return err }() != nil {
		o.r.warn(v, "markdown_extensions: %s option %s must be a whole number (ignored)", o.ext, key)
		return def
	}
	return n
}

// strs reads a list of strings (a single string is a list of one).
func (o *options) strs(key string) []string {
	v := o.get(key)
	if v.IsNull() {
		return nil
	}
	if v.Kind != cfgtree.Scalar && v.Kind != cfgtree.List {
		o.r.warn(v, "markdown_extensions: %s option %s must be a list (ignored)", o.ext, key)
		return nil
	}
	return v.Texts()
}

// done warns about the keys no one read.
func (o *options) done() {
	if o.n == nil || o.n.Kind != cfgtree.Map {
		return
	}
	for _, k := range o.n.Keys {
		if !o.used[k.Text] {
			o.r.warn(k, "markdown_extensions: %s has no option %q that handbook knows (ignored)", o.ext, k.Text)
		}
	}
}

// Names lists the extensions handbook implements, sorted.
func Names() []string {
	out := make([]string, 0, len(handlers))
	for n := range handlers {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Key is a fingerprint of everything Read reads, for the conversion cache.
func Key(cfg *project.Config) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v|%q|%d|%s\x00", cfg.TOC.Permalink != nil && *cfg.TOC.Permalink, cfg.TOC.PermalinkSymbol, cfg.TOC.Depth, cfg.Root)
	for _, e := range cfg.MarkdownExtensions {
		b.WriteString(e.Name)
		dump(&b, e.Options)
		b.WriteByte(0)
	}
	return b.String()
}

// dump writes a value's shape and text.
func dump(b *strings.Builder, n *cfgtree.Node) {
	if n.IsNull() {
		b.WriteString("~")
		return
	}
	fmt.Fprintf(b, "%d%q%q(", n.Kind, n.Tag, n.Text)
	for _, it := range n.Items {
		dump(b, it)
	}
	for i, k := range n.Keys {
		fmt.Fprintf(b, "%q:", k.Text)
		dump(b, n.Vals[i])
	}
	b.WriteByte(')')
}
