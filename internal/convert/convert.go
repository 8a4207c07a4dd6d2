// Package convert converts every page of a site (package markdown
// converts one), reusing each conversion a cache proves unchanged (see
// package buildstate for the keys). A conversion kept on disk may lack
// the page's HTML or its sections' text: Page.HTML and Page.WithText make
// them again when they are needed.
package convert

import (
	"errors"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"handbook/internal/buildstate"
	"handbook/internal/cache"
	"handbook/internal/diag"
	"handbook/internal/markdown"
	"handbook/internal/markdown/highlight"
	"handbook/internal/markdown/icons"
	"handbook/internal/mdconfig"
	"handbook/internal/pages"
	"handbook/internal/par"
	"handbook/internal/project"
	"handbook/internal/site"
	"handbook/internal/urlpath"
)

// Converter converts the pages of one build.
type Converter struct {
	md        *markdown.Converter
	cfg       *project.Config
	site      *site.Site
	generated map[string]bool // the URLs the build generates
	memo      *buildstate.FileMemo
	settings  string // buildstate.SettingsKey
}

// New makes the converter of cfg's dialect (see internal/mdconfig) for the
// pages of s, with the code highlighter and the project's icons, whose
// settings have the key settings (buildstate.SettingsKey); the
// diagnostics are about its markdown_extensions.
func New(cfg *project.Config, s *site.Site, hl *highlight.Highlighter, lib *icons.Library, settings string) (*Converter, diag.List) {
	c := &Converter{cfg: cfg, site: s, generated: pages.GeneratedURLs(cfg), memo: buildstate.NewFileMemo(), settings: settings}
	md, diags := Markdown(cfg, hl, lib, c.memo)
	c.md = md
	return c, diags
}

// Markdown makes the markdown converter of cfg's dialect; the snippet
// files pages include are read through memo.
func Markdown(cfg *project.Config, hl *highlight.Highlighter, lib *icons.Library, memo *buildstate.FileMemo) (*markdown.Converter, diag.List) {
	opts, diags := mdconfig.Read(cfg)
	opts.LevelIDs, opts.NoSectionLevels = cfg.LevelIDs(), !(cfg.InferLevels == nil || *cfg.InferLevels)
	opts.Dialect.Highlighter, opts.Dialect.Icons = hl, lib
	opts.Dialect.Untrusted = cfg.Untrusted()
	if opts.Snippets != nil {
		opts.Snippets.ReadFile = memo.Read        // a file many pages include is read once
		opts.Snippets.Within = []string{cfg.Root} // links into the project are followed (srctree)
	}
	return markdown.New(opts), diags
}

// Page is one page's conversion.
type Page struct {
	Page   *site.Page
	Key    cache.Key // of the conversion's inputs (buildstate.ConversionKey)
	ID     cache.Key // of what it made (buildstate.ConversionID)
	Res    *markdown.Result
	Linker *site.Linker // its Refs are the page's links
	Deps   []buildstate.FileDep
	// TagsMarker: the page's HTML holds the tags listing's marker (known
	// without the HTML, which a conversion kept on disk may lack).
	TagsMarker bool

	conv *Converter
	// noHTML, noText: Res came from the state on disk without its HTML or
	// its sections' text; HTML and WithText fill them (once) when needed.
	noHTML, noText             bool
	completeHTML, completeText sync.Once
	textRes                    *markdown.Result // Res with its sections' text (see WithText)
	// spilled: Res's HTML and its sections' text and code are in spill
	// (Options.Spill), read back by HTML and WithText each time asked.
	spilled *spilled
}

// spilled is where a page's HTML and its sections' text are in a Spill.
type spilled struct {
	spill      *cache.Spill
	html, text cache.Ref
}

// Options of Converter.All.
type Options struct {
	// Kept holds the last builds' conversions, by page source (nil: none).
	Kept *cache.Store[buildstate.Conversion]
	// SameStructure: the site has the structure it had when they were
	// kept, so their links resolve as they did.
	SameStructure bool
	// KeepSource keeps each page's source in memory after conversion.
	KeepSource bool
	// Done is told of each page converted (from many goroutines).
	Done func(done, total int)
	// Spill, when set, holds each converted page's HTML and its sections'
	// text and code in place of memory (see Page.HTML and WithText): a
	// large site's build that writes its pages as it renders them needs
	// each only twice, to render it and to index it, and holding them all
	// would make its memory grow with the site.
	Spill *cache.Spill
}

// All converts every page in parallel, reusing the kept conversions whose
// inputs are unchanged and keeping the new ones; it returns the pages'
// conversions in the site's order and how many were reused.
func (c *Converter) All(o Options) ([]*Page, int) {
	work := make([]*Page, len(c.site.Pages))
	for i, p := range c.site.Pages {
		work[i] = &Page{Page: p, Linker: c.site.NewLinker(p, c.generated), conv: c}
	}
	var done, reused atomic.Int64
	par.For(len(work), func(i int) {
		w := work[i]
		w.Key = buildstate.ConversionKey(c.settings, w.Page)
		if e, ok := c.kept(o, w); ok {
			w.Res, w.Linker.Refs, w.TagsMarker, w.Deps = e.Res, e.Refs, e.TagsMarker, e.Deps
			w.noHTML, w.noText = !e.HTML, !e.Text
			reused.Add(1)
		} else {
			if err := w.Page.LoadText(); err != nil {
				w.Res = &markdown.Result{}
				w.Res.Diags.Errorf("", 0, 0, "read", "cannot read: %v", err)
			} else {
				w.Res = c.md.Convert(w.Page.Body, w.Linker)
			}
			w.finish()
			w.spill(o.Spill)
			if w.spilled != nil {
				// A build that spills saves its state from the pages
				// (buildstate.Cache.Save) and reads no conversion back
				// from the store: the entry only lets go of the last
				// build's.
				o.Kept.Put(w.Page.Src, w.Key, buildstate.Conversion{})
			} else {
				o.Kept.Put(w.Page.Src, w.Key, w.Kept())
			}
		}
		// What the page shows depends on its snippets too.
		w.ID = buildstate.ConversionID(buildstate.WithDeps(w.Key, w.Deps), w.Linker.Refs)
		if !o.KeepSource {
			w.Page.Source, w.Page.Body = nil, nil
		}
		if o.Done != nil {
			o.Done(int(done.Add(1)), len(work))
		}
	})
	return work, int(reused.Load())
}

// kept is page w's kept conversion, when there is one and it still holds.
func (c *Converter) kept(o Options, w *Page) (buildstate.Conversion, bool) {
	e, ok := o.Kept.Get(w.Page.Src, w.Key)
	if ok {
		e, ok = e.Unpack(c.site)
	}
	return e, ok && (o.SameStructure || buildstate.LinksHold(w.Linker, e.Refs)) && buildstate.DepsUnchanged(e.Deps, c.memo)
}

// finish records what a fresh conversion read and shows.
func (w *Page) finish() {
	w.Deps = buildstate.SnippetDeps(w.Res, w.conv.memo)
	w.TagsMarker = w.conv.cfg.Tags && pages.HasTagsMarker(w.Res.HTML)
}

// Kept is the conversion as a cache keeps it (a spilled one without its
// HTML and text: the cache does not read the spill).
func (w *Page) Kept() buildstate.Conversion {
	held := w.spilled == nil
	return buildstate.Conversion{Res: w.Res, Refs: slices.Clone(w.Linker.Refs), Deps: w.Deps, HTML: held, Text: held, TagsMarker: w.TagsMarker}
}

// spill moves a fresh conversion's HTML and its sections' text and code
// into sp (nil: none), keeping them in memory when that fails.
func (w *Page) spill(sp *cache.Spill) {
	if sp == nil {
		return
	}
	var text cache.Enc
	for _, s := range w.Res.Sections {
		text.Str(s.Text)
		text.Str(s.Code)
	}
	html, err := sp.Put(w.Res.HTML)
	if err != nil {
		return
	}
	texts, err := sp.Put(text.B)
	if err != nil {
		return
	}
	w.spilled = &spilled{spill: sp, html: html, text: texts}
	w.Res.HTML = nil
	for i := range w.Res.Sections {
		w.Res.Sections[i].Text, w.Res.Sections[i].Code = "", ""
	}
}

// Edit converts page p anew from body, the page's text as read now (p's
// own text is that of the last build, whose site this converter's is).
func (c *Converter) Edit(p *site.Page, bodyLine int, bodyHash [32]byte, body []byte) *Page {
	probe := site.Page{Src: p.Src, BodyLine: bodyLine, BodyHash: bodyHash}
	w := &Page{Page: p, Linker: c.site.NewLinker(p, c.generated), conv: c}
	w.Key = buildstate.ConversionKey(c.settings, &probe)
	w.Res = c.md.Convert(body, w.Linker)
	w.finish()
	w.ID = buildstate.ConversionID(buildstate.WithDeps(w.Key, w.Deps), w.Linker.Refs)
	return w
}

// HTML is the page's HTML, converting the page again when its conversion
// came from the state on disk without it (problems reading the page go to
// report).
func (w *Page) HTML(report func(diag.List)) []byte {
	if w.spilled != nil {
		html, err := w.spilled.spill.Get(w.spilled.html)
		if err != nil {
			w.spillError(report, err)
			return []byte{}
		}
		return html
	}
	if w.noHTML {
		w.completeHTML.Do(func() {
			if fresh := w.reconvert(report); fresh != nil {
				w.Res.HTML = fresh.HTML
			}
			if w.Res.HTML == nil {
				w.Res.HTML = []byte{}
			}
		})
	}
	return w.Res.HTML
}

// WithText is the page's conversion with its sections' text and code,
// converting the page again when its conversion came from the state on
// disk without them. The text goes into a copy of the sections and
// headings (all the search documents read): the search index asks for
// them while the pages render from the original.
func (w *Page) WithText(report func(diag.List)) *markdown.Result {
	if w.spilled != nil {
		return w.spilledText(report)
	}
	if !w.noText {
		return w.Res
	}
	w.completeText.Do(func() {
		w.textRes = w.Res
		fresh := w.reconvert(report)
		if fresh == nil || len(fresh.Sections) != len(w.Res.Sections) {
			return
		}
		// Only what the search documents read (pages.SearchDocs): the
		// rest of Res may be written meanwhile (HTML).
		r := &markdown.Result{Sections: slices.Clone(w.Res.Sections), Headings: w.Res.Headings}
		for i := range fresh.Sections {
			r.Sections[i].Text, r.Sections[i].Code = fresh.Sections[i].Text, fresh.Sections[i].Code
		}
		w.textRes = r
	})
	return w.textRes
}

// Spilled reports whether the page's HTML and text are in the spill
// (Options.Spill): it was converted by this build.
func (w *Page) Spilled() bool { return w.spilled != nil }

// Slim lets go of what a spilled page's search documents do not read (see
// pages.SearchDocs): its links, ids, diagnostics, snippets and the
// headings' HTML and the sections' summaries. A build that writes its
// pages as it renders them calls it once they are written.
func (w *Page) Slim() {
	r := w.Res
	slim := &markdown.Result{Title: r.Title, Headings: r.Headings, Sections: r.Sections, HasMermaid: r.HasMermaid, HasMath: r.HasMath}
	for i := range slim.Headings {
		slim.Headings[i].HTML = ""
	}
	for i := range slim.Sections {
		slim.Sections[i].Summary = ""
	}
	w.Res, w.Linker.Refs, w.Deps = slim, nil, nil
}

// spilledText is the page's conversion with its sections' text and code
// read back from the spill, in a copy of the sections as WithText gives.
func (w *Page) spilledText(report func(diag.List)) *markdown.Result {
	b, err := w.spilled.spill.Get(w.spilled.text)
	if err != nil {
		w.spillError(report, err)
		return w.Res
	}
	r := &markdown.Result{Sections: slices.Clone(w.Res.Sections), Headings: w.Res.Headings}
	d := cache.NewDec(b)
	for i := range r.Sections {
		r.Sections[i].Text, r.Sections[i].Code = d.Str(), d.Str()
	}
	if !d.Done() {
		w.spillError(report, errors.New("damaged"))
		return w.Res
	}
	return r
}

// spillError reports a page's spilled HTML or text that could not be read
// back.
func (w *Page) spillError(report func(diag.List), err error) {
	var d diag.List
	d.Errorf(w.conv.site.Display(w.Page), 0, 0, "read", "reading back the page's conversion: %v", err)
	report(d)
}

// reconvert converts a page again (its conversion is the one the state on
// disk gave: the same text, settings and links' answers), nil when its file
// cannot be read as it was (reported to report).
func (w *Page) reconvert(report func(diag.List)) *markdown.Result {
	c := w.conv
	src, err := w.Page.ReadText()
	if err != nil {
		var d diag.List
		d.Errorf(c.site.Display(w.Page), 0, 0, "read", "cannot read: %v", err)
		report(d)
		return nil
	}
	return c.md.Convert(src, c.site.NewLinker(w.Page, c.generated))
}

// Diags places a page's conversion diagnostics in its file. In an MkDocs
// or Zensical project a duplicate id is a note: MkDocs says nothing of it
// (the browser goes to the first).
func (w *Page) Diags() diag.List {
	s := w.conv.site
	var out diag.List
	for _, dg := range w.Res.Diags {
		dg.Path = s.Display(w.Page)
		if dg.Line > 0 {
			dg.Line += w.Page.BodyLine
		}
		if dg.Code == "duplicate-id" && s.Config.Format != project.FormatHandbook {
			dg.Severity = diag.Info
		}
		out = append(out, dg)
	}
	return out
}

// FinishTitle applies the title fallbacks to a page without one: its
// first H1, else its file name.
func (w *Page) FinishTitle() {
	if w.Page.Title == "" {
		w.Page.Title = w.FallbackTitle()
	}
}

// FallbackTitle is the title a page without one gets: its first H1, else
// its file name (the site's title for the home page).
func (w *Page) FallbackTitle() string {
	p := w.Page
	switch {
	case w.Res.Title != "":
		return w.Res.Title
	case p.URL == "":
		return w.conv.cfg.Title
	}
	name := path.Base(strings.TrimSuffix(urlpath.Decode(p.URL), "/"))
	name = strings.NewReplacer("-", " ", "_", " ").Replace(name)
	if name != "" {
		name = strings.ToUpper(name[:1]) + name[1:]
	}
	return name
}
