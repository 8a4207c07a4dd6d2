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
	"unsafe"

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
	// spilled: the conversion is in a spill (Options.Spill), Res holds
	// only what the build reads of every page (see Page.spill); HTML,
	// Full and WithText read the rest back each time asked.
	spilled *spilled
	// stored: the conversion is the state on disk's, read when needed
	// (see Stored).
	stored *stored
}

// spilled is where a page's conversion is in a Spill: its HTML, what its
// search documents are made of, and the rest, packed as the state saves
// it.
type spilled struct {
	spill              *cache.Spill
	html, search, conv cache.Ref
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
	// Spill, when set, holds each converted page's conversion in place
	// of memory but for what the build reads of every page (see
	// Page.HTML, Full and WithText): a large site's build that writes its
	// pages as it renders them needs the rest of each only to render it,
	// to index it and to save it, and holding them all would make its
	// memory grow with the site.
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
			w.convert()
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

// One converts page p anew (its conversion, kept nowhere, is in memory),
// letting go of its text when the build does not keep it.
func (c *Converter) One(p *site.Page, keepSource bool) *Page {
	w := &Page{Page: p, Linker: c.site.NewLinker(p, c.generated), conv: c}
	w.Key = buildstate.ConversionKey(c.settings, p)
	w.convert()
	w.ID = buildstate.ConversionID(buildstate.WithDeps(w.Key, w.Deps), w.Linker.Refs)
	if !keepSource {
		p.Source, p.Body = nil, nil
	}
	return w
}

// convert converts the page from its text.
func (w *Page) convert() {
	if err := w.Page.LoadText(); err != nil {
		w.Res = &markdown.Result{}
		w.Res.Diags.Errorf("", 0, 0, "read", "cannot read: %v", err)
	} else {
		w.Res = w.conv.md.Convert(w.Page.Body, w.Linker)
	}
	w.finish()
}

// Stored is page p's conversion as the state on disk keeps it (sp: the
// conversion's inputs are unchanged), not read yet: Res holds what the
// summary gives (see slim), Full, Links, HTML and WithText read the rest
// when asked (or convert the page again for what the state does not
// keep). The Page refers to sp's conversion, which must stay as it is.
func (c *Converter) Stored(p *site.Page, sp *buildstate.Page) *Page {
	sum := &sp.Sum
	return &Page{Page: p, Key: sp.Key, ID: sum.ID, Linker: c.site.NewLinker(p, c.generated), conv: c, TagsMarker: sum.TagsMarker,
		Res: &markdown.Result{Title: sum.Title, Sections: emptySections(sum.Sections), HasMermaid: sum.HasMermaid, HasMath: sum.HasMath,
			Diags: sum.Diags, Included: sum.Included, Missing: sum.Missing},
		stored: &stored{conv: &sp.Conv, hasDeps: sum.HasDeps}}
}

// stored is a conversion of the state on disk, read when first needed.
type stored struct {
	conv    *buildstate.Conversion // (the state's: a copy each would be 100 bytes a page)
	hasDeps bool

	read sync.Once
	full *buildstate.Conversion // nil when it cannot be read

	html, text sync.Once
	freshHTML  []byte
	textRes    *markdown.Result
}

// unpack reads the stored conversion (once); false when it cannot be.
func (w *Page) unpack() bool {
	st := w.stored
	st.read.Do(func() {
		if c, ok := st.conv.Unpack(w.conv.site); ok {
			st.full = &c
		}
	})
	return st.full != nil
}

// Readable reports whether the page's conversion can be read: one the
// state on disk kept may be damaged.
func (w *Page) Readable() bool { return w.stored == nil || w.unpack() }

// Links are the page's links as its conversion resolved them
// (Linker.Refs, or read from the state on disk; nil when it cannot be).
func (w *Page) Links() []site.LinkRef {
	if w.stored != nil {
		if !w.unpack() {
			return nil
		}
		return w.stored.full.Refs
	}
	return w.Linker.Refs
}

// DepsHold reports whether the snippet files a conversion the state on
// disk keeps read are as they were then (true for any other).
func (w *Page) DepsHold() bool {
	if w.stored == nil || !w.stored.hasDeps {
		return true
	}
	return w.unpack() && buildstate.DepsUnchanged(w.stored.full.Deps, w.conv.memo)
}

// HasDeps reports whether the conversion read snippet files.
func (w *Page) HasDeps() bool { return len(w.Deps) > 0 || w.stored != nil && w.stored.hasDeps }

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

// Kept is the conversion as a cache keeps it: a spilled one as it was
// packed into the spill (see spill), which the state copies from there.
func (w *Page) Kept() buildstate.Conversion {
	if w.spilled != nil {
		return buildstate.Spilled(w.spilled.spill, w.spilled.conv)
	}
	if w.stored != nil {
		return *w.stored.conv
	}
	return buildstate.Conversion{Res: w.Res, Refs: slices.Clone(w.Linker.Refs), Deps: w.Deps, HTML: true, Text: true, TagsMarker: w.TagsMarker}
}

// spill moves a fresh conversion into sp (nil: none), keeping it in
// memory when that fails: its HTML, what its search documents are made
// of (the headings and the sections with their text and code), and the
// rest packed as the state saves it. What stays in memory is what the
// build reads of every page (see slim); the page's own rendering, the
// generated pages and the search index read the rest back (HTML, Full,
// WithText).
func (w *Page) spill(sp *cache.Spill) {
	if sp == nil {
		return
	}
	html, err := sp.Put(w.Res.HTML)
	if err != nil {
		return
	}
	buf := spillBuffers.Get().(*[]byte)
	defer putSpillBuffer(buf)
	*buf = encodeSearch((*buf)[:0], w.Res)
	search, err := sp.Put(*buf) // (copied before it returns)
	if err != nil {
		return
	}
	*buf = buildstate.AppendPack((*buf)[:0], buildstate.Conversion{Res: w.Res, Refs: w.Linker.Refs, Deps: w.Deps, TagsMarker: w.TagsMarker})
	conv, err := sp.Put(*buf)
	if err != nil {
		return
	}
	w.spilled = &spilled{spill: sp, html: html, search: search, conv: conv}
	w.Res = slim(w.Res)
}

// spillBuffers hold a page's encoded search text, then its packed
// conversion, until the spill has copied them; then the next page's.
var spillBuffers = sync.Pool{New: func() any { return new([]byte) }}

// putSpillBuffer gives buf back to spillBuffers unless it grew large.
func putSpillBuffer(buf *[]byte) {
	if cap(*buf) <= 1<<20 {
		spillBuffers.Put(buf)
	}
}

// slim is what a spilled page's conversion keeps in memory: what the
// build reads of every page (its title, whether it draws diagrams or
// math, its ids and problems and the snippets it read) and the number of
// its sections, which the search stage counts (empty sections: see
// emptySections).
func slim(r *markdown.Result) *markdown.Result {
	return &markdown.Result{Title: r.Title, IDs: r.IDs, Sections: emptySections(len(r.Sections)),
		HasMermaid: r.HasMermaid, HasMath: r.HasMath, Diags: r.Diags, Included: r.Included, Missing: r.Missing, Panic: r.Panic}
}

// empty is one array of empty sections (no heading, no text) the slim
// conversions of spilled pages share: they are never written, and
// reading them gives nothing (their pages' sections are in the spill).
var empty struct {
	sync.Mutex
	sections []markdown.Section
}

// emptySections is n empty sections.
func emptySections(n int) []markdown.Section {
	if n == 0 {
		return nil
	}
	empty.Lock()
	defer empty.Unlock()
	if len(empty.sections) < n {
		s := make([]markdown.Section, max(n, 64))
		for i := range s {
			s[i].Heading = -1
		}
		empty.sections = s
	}
	return empty.sections[:n:n]
}

// encodeSearch writes what a page's search documents are made of (see
// pages.SearchDocs): its headings' ranks, ids and text, its sections'
// headings, levels, text and code, appended to dst.
func encodeSearch(dst []byte, r *markdown.Result) []byte {
	// Sized once (a varint of a length is at most 10 bytes): the text of
	// every page is copied here, and growing the buffer doubled that.
	size := 20
	for _, h := range r.Headings {
		size += 30 + len(h.ID) + len(h.Text)
	}
	for _, s := range r.Sections {
		size += 40 + len(s.Text) + len(s.Code)
		for _, l := range s.Levels {
			size += 10 + len(l)
		}
	}
	e := cache.Enc{B: slices.Grow(dst, size)}
	e.Uint(uint64(len(r.Headings)))
	for _, h := range r.Headings {
		e.Int(int64(h.Rank))
		e.Str(h.ID)
		e.Str(h.Text)
	}
	e.Uint(uint64(len(r.Sections)))
	for _, s := range r.Sections {
		e.Int(int64(s.Heading))
		e.Strs(s.Levels)
		e.Str(s.Text)
		e.Str(s.Code)
	}
	return e.B
}

// decodeSearch reads what encodeSearch wrote, as a result holding only
// that.
func decodeSearch(b []byte) (*markdown.Result, bool) {
	d := cache.NewDec(b)
	r := &markdown.Result{}
	if n := d.Len(3); n > 0 {
		r.Headings = make([]markdown.Heading, n)
		for i := range r.Headings {
			r.Headings[i] = markdown.Heading{Rank: int(d.Int()), ID: d.Str(), Text: d.Str()}
		}
	}
	if n := d.Len(4); n > 0 {
		r.Sections = make([]markdown.Section, n)
		for i := range r.Sections {
			r.Sections[i] = markdown.Section{Heading: int(d.Int()), Levels: d.Strs(), Text: d.Str(), Code: d.Str()}
		}
	}
	return r, d.Done()
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
	if st := w.stored; st != nil {
		if w.unpack() && st.full.HTML {
			return st.full.Res.HTML
		}
		st.html.Do(func() {
			st.freshHTML = []byte{}
			if fresh := w.reconvert(report); fresh != nil {
				st.freshHTML = fresh.HTML
			}
		})
		return st.freshHTML
	}
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

// HTMLInto is HTML as a string. A spilled page's HTML is read into
// room's bytes (grown when too small; its length is ignored), which the
// string shares rather than copies: used is what they are then, for the
// caller to read the next page into once done with the string (nothing
// may keep it). For any other page used is room.
func (w *Page) HTMLInto(room []byte, report func(diag.List)) (html string, used []byte) {
	if w.spilled == nil || w.stored != nil {
		return string(w.HTML(report)), room
	}
	b, err := w.spilled.spill.GetInto(room, w.spilled.html)
	if err != nil {
		w.spillError(report, err)
		return "", room
	}
	return unsafe.String(unsafe.SliceData(b), len(b)), b
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
	if st := w.stored; st != nil {
		st.text.Do(func() { st.textRes = w.withFreshText(w.Full(report), report) })
		return st.textRes
	}
	if !w.noText {
		return w.Res
	}
	w.completeText.Do(func() { w.textRes = w.withFreshText(w.Res, report) })
	return w.textRes
}

// WithTextInto is WithText reading a spilled page's text into room's
// memory (returned, for the next page): the result's strings but the
// sections' levels are valid until room is used again.
func (w *Page) WithTextInto(room []byte, report func(diag.List)) (*markdown.Result, []byte) {
	if w.spilled == nil {
		return w.WithText(report), room
	}
	r, used, ok := w.spilledTextInto(room, report)
	if ok {
		for i := range r.Sections {
			r.Sections[i].Levels = cloneStrings(r.Sections[i].Levels)
		}
	}
	return r, used
}

// cloneStrings is a copy of ss, its strings copied too.
func cloneStrings(ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.Clone(s)
	}
	return out
}

// withFreshText is res, the page's conversion without its sections' text
// and code, with them, the page converted again; res when it cannot be.
func (w *Page) withFreshText(res *markdown.Result, report func(diag.List)) *markdown.Result {
	fresh := w.reconvert(report)
	if fresh == nil || len(fresh.Sections) != len(res.Sections) {
		return res
	}
	// Only what the search documents read (pages.SearchDocs): the rest of
	// Res may be written meanwhile (HTML).
	r := &markdown.Result{Sections: slices.Clone(res.Sections), Headings: res.Headings}
	for i := range fresh.Sections {
		r.Sections[i].Text, r.Sections[i].Code = fresh.Sections[i].Text, fresh.Sections[i].Code
	}
	return r
}

// Spilled reports whether the page's conversion is in the spill
// (Options.Spill): it was converted by this build.
func (w *Page) Spilled() bool { return w.spilled != nil }

// Full is the page's whole conversion but for its HTML and its sections'
// text and code (see HTML and WithText): Res, or for a spilled page the
// conversion read back from the spill (problems reading it go to report,
// and Res is given).
func (w *Page) Full(report func(diag.List)) *markdown.Result {
	if w.stored != nil {
		if !w.unpack() {
			w.spillError(report, errors.New("the last build's state is damaged"))
			return w.Res
		}
		return w.stored.full.Res
	}
	if w.spilled == nil {
		return w.Res
	}
	b, err := w.spilled.spill.Get(w.spilled.conv)
	if err != nil {
		w.spillError(report, err)
		return w.Res
	}
	r, ok := buildstate.UnpackResult(b)
	if !ok {
		w.spillError(report, errors.New("damaged"))
		return w.Res
	}
	return r
}

// LetGoOfLinks lets go of a spilled page's links and ids (the state
// reads them from the spill) once the build has checked the links and
// worked out the backlinks.
func (w *Page) LetGoOfLinks() {
	if w.spilled != nil {
		w.Linker.Refs, w.Res.IDs = nil, nil
	}
}

// spilledText is what the page's search documents are made of, read back
// from the spill (see encodeSearch).
func (w *Page) spilledText(report func(diag.List)) *markdown.Result {
	r, _, _ := w.spilledTextInto(nil, report)
	return r
}

// spilledTextInto is spilledText read into room's memory (returned, with
// whether the text was read: else the result is Res).
func (w *Page) spilledTextInto(room []byte, report func(diag.List)) (*markdown.Result, []byte, bool) {
	b, err := w.spilled.spill.GetInto(room, w.spilled.search)
	if err != nil {
		w.spillError(report, err)
		return w.Res, room, false
	}
	r, ok := decodeSearch(b)
	if !ok {
		w.spillError(report, errors.New("damaged"))
		return w.Res, b, false
	}
	return r, b, true
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
