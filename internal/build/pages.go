package build

import (
	"html/template"
	"sync"
	"sync/atomic"
	"time"

	"handbook/internal/blog"
	"handbook/internal/build/searchstage"
	"handbook/internal/cache"
	"handbook/internal/convert"
	"handbook/internal/diag"
	"handbook/internal/gitinfo"
	"handbook/internal/markdown/icons"
	"handbook/internal/offline"
	"handbook/internal/pages"
	"handbook/internal/pages/sitedata"
	"handbook/internal/par"
	"handbook/internal/project"
	"handbook/internal/render"
	"handbook/internal/repoinfo"
	"handbook/internal/site"
)

// generator renders the site's pages from the converted content: one build.
type generator struct {
	*prepared
	opts   Options
	work   []*convert.Page
	result *Result
	mu     sync.Mutex // guards result while pages render in parallel

	spill *cache.Spill  // holds the pages' conversions (see spillPages), or nil
	edit  *editPlan     // the edit path's plan (nil on the full path)
	kept  <-chan []bool // the edit path's pages kept as they are (see startKeeping)

	backlinks site.Backlinks
	drills    map[*site.Page]*render.DrillData
	model     *pages.Site    // the site as package pages sees it (set by prepare)
	digest    offline.Digest // every file put, for the service worker's version
	// linkDiags and renderDiags are the problems of each page's links and
	// of rendering it, for the state's summaries (renderDiags guarded by
	// mu).
	linkDiags, renderDiags map[*site.Page]diag.List
	// searchApart: the search stage runs beside the rest of the build,
	// which adds to result.Diags unguarded until the pages render; its
	// problems are kept in searchDiags meanwhile (both guarded by mu).
	searchApart bool
	searchDiags diag.List
	// dates are the pages' last commit dates, read from git meanwhile
	// (see readDates).
	dates <-chan gitDates
}

// gitDates are the last commit date of each content file (by its
// content-relative path) and, when asked for, the git state they were
// read in (see gitinfo.State).
type gitDates struct {
	state string
	times map[string]time.Time
}

// readDates reads the content's last commit dates from git while the
// build goes on (git runs in processes of its own), and with state the
// git state first: a commit made while the dates are read then shows as a
// change (serve's next build compares it).
func readDates(docsDir string, state bool) <-chan gitDates {
	out := make(chan gitDates, 1)
	go func() {
		var d gitDates
		if state {
			d.state = gitinfo.State(docsDir)
		}
		d.times = lastModified(docsDir)
		out <- d
	}()
	return out
}

// prepared is what a build works out about the site around its pages: the
// configuration and theme, the nav, the page order and what pages show of
// each other, the render keys every page shares and the search files
// published. An incremental build starts from a copy of the last build's.
type prepared struct {
	cfg      *project.Config
	site     *site.Site
	theme    *render.Theme
	nav      *site.NavNode
	navR     *render.NavRenderer
	icons    *icons.Library // the bundled sets and the project's own
	blog     *blog.Blog     // material/blog's posts, or nil
	siteData render.SiteData

	order       []*site.Page
	index       map[*site.Page]int // place in the page order
	navOf       map[*site.Page]*site.NavNode
	needs       struct{ mermaid, math bool }
	lastModTime map[string]time.Time // content-relative path → last commit
	gitState    string               // the git state the dates were read in (with a Cache)
	// drillSources maps each drill page to the page its questions come
	// from (see pages.CheckDrills).
	drillSources map[*site.Page]*site.Page

	themeKey, navKey string                // render key parts shared by every page
	navLists         []string              // the nav lists cut to a window (see pages.WindowNav)
	searchPub        searchstage.Published // the search files published
}

func (g *generator) prepare() {
	var diags diag.List
	g.siteData, diags = sitedata.New(g.cfg, g.icons)
	f := g.siteData.Features
	g.navR.Options = render.NavOptions{Expand: f["navigation.expand"], Sections: f["navigation.sections"], Indexes: f["navigation.indexes"]}
	g.result.Diags = append(g.result.Diags, diags...)
	g.navLists, diags = pages.WindowNav(g.navR, g.site, g.cfg.NavLimit())
	g.result.Diags = append(g.result.Diags, diags...)
	if len(g.navLists) > 0 {
		g.siteData.Optional = append(g.siteData.Optional, navListsFeature)
	}
	g.order = g.nav.PageOrder()
	// Each page's nav node, found in one walk (the first occurrence, as
	// NavNode.Find would give).
	g.navOf = make(map[*site.Page]*site.NavNode, len(g.site.Pages))
	g.nav.Walk(func(n *site.NavNode) {
		if n.Page != nil && g.navOf[n.Page] == nil {
			g.navOf[n.Page] = n
		}
	})
	dates := <-g.dates
	g.gitState, g.lastModTime = dates.state, dates.times
	g.setModel()
}

// pageSettings sets the nav's page decor (Material's page icon, subtitle
// and status) and reports the templates pages name that the theme lacks.
func (g *generator) pageSettings() {
	decor, diags := render.PageDecors(g.site.Pages, g.cfg.StatusTitles)
	for _, p := range g.site.Pages {
		diags = append(diags, g.theme.CheckTemplate(p, g.cfg.CustomDir)...)
	}
	g.navR.Decor = decor
	g.result.Diags = append(g.result.Diags, diags...)
}

// renderPages renders every page, or takes it from the cache or the
// output folder (see renderPage); kept, when set, says which pages' files
// (by place in work) are kept as the last build made them already (see
// keepAllAsIs).
func (g *generator) renderPages(kept []bool) {
	g.index = make(map[*site.Page]int, len(g.order))
	for i, p := range g.order {
		g.index[p] = i
	}
	g.themeKey = siteKey(g.theme, g.siteData, g.cfg)
	g.pageSettings()
	g.navKey = g.navR.Key()
	g.prepareDrills()
	var reused, done atomic.Int64
	par.For(len(g.work), func(i int) {
		w := g.work[i]
		if kept != nil && kept[i] || g.renderPage(w) {
			reused.Add(1)
		}
		g.opts.progress("rendering", int(done.Add(1)), len(g.work))
	})
	g.result.Stats.Cache.RenderReused = int(reused.Load())
	g.result.Stats.Cache.Rendered = len(g.work) - int(reused.Load())
	for _, w := range g.work {
		if g.edit == nil { // (the edit path writes to disk: serve reads them)
			g.result.Deps[w.Page.OutPath] = []string{w.Page.Abs}
		}
		if w.Res.HasMermaid {
			g.needs.mermaid = true
		}
		if w.Res.HasMath {
			g.needs.math = true
		}
	}
}

// renderEdited renders the pages an edit reaches (see editPlan): the
// changed pages, those whose backlinks changed and the drills showing a
// changed page; every other page's file is kept as it is (see
// startKeeping), with the problems rendering it gave then.
func (g *generator) renderEdited(plan *editPlan) {
	kept := <-g.kept
	g.keptRenderDiags(plan, kept)
	g.renderPages(kept)
}

// startKeeping starts keeping the files of the pages an edit does not
// render again (see keepAllAsIs) while the build goes on: what it needs
// is known once the edit is planned, and it takes a while on a large site.
func (g *generator) startKeeping(plan *editPlan) {
	kept := make(chan []bool, 1)
	go func() { kept <- g.keepAllAsIs(plan) }()
	g.kept = kept
}

// keepAllAsIs keeps the files of the pages an edit does not render again
// as the last build made them, from the keys the state holds for them
// (all at once: no page is looked at), and reports which it kept (by
// place in work); a page whose file the output folder does not hold so is
// rendered.
func (g *generator) keepAllAsIs(plan *editPlan) []bool {
	c := g.opts.Cache.state()
	at := make([]int, 0, len(g.work)) // (nearly every page is kept)
	names := make([]string, 0, len(g.work))
	keys := make([]cache.Key, 0, len(g.work))
	for i, w := range g.work {
		if plan.rerender[w.Page] {
			continue
		}
		if key, ok := c.KeptKey(w.Page.OutPath); ok {
			at, names, keys = append(at, i), append(names, w.Page.OutPath), append(keys, key)
		}
	}
	hashes := g.opts.Output.(hashedOutput).KeepAll(names)
	kept := make([]bool, len(g.work))
	n := 0
	for k, h := range hashes {
		if h != "" {
			kept[at[k]] = true
			names[n], keys[n], hashes[n] = names[k], keys[k], h
			n++
		}
	}
	g.digest.AddAll(names[:n], hashes[:n])
	c.RecordAll(names[:n], keys[:n])
	return kept
}

// keptRenderDiags adds the problems rendering each kept page (by place
// in work) gave in the last build.
func (g *generator) keptRenderDiags(plan *editPlan, kept []bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for p, d := range plan.renderDiags {
		if i, ok := plan.at[p]; ok && kept[i] && len(d) > 0 {
			g.result.Diags = append(g.result.Diags, d...)
			if g.renderDiags == nil {
				g.renderDiags = map[*site.Page]diag.List{}
			}
			g.renderDiags[p] = d
		}
	}
}

// renderPage renders one page, or takes it from the cache (or the output
// folder) when every input is unchanged (and then reports true).
func (g *generator) renderPage(w *convert.Page) (reused bool) {
	d, diags := g.pageData(w, g.index)
	if len(diags) > 0 {
		g.mu.Lock()
		g.result.Diags = append(g.result.Diags, diags...)
		if g.renderDiags == nil {
			g.renderDiags = map[*site.Page]diag.List{}
		}
		g.renderDiags[w.Page] = diags
		g.mu.Unlock()
	}
	// The nav's HTML is a function of the whole tree, the page's place in it
	// and its depth: key on those instead of hashing the HTML.
	key := renderKey(w.ID, g.themeKey, g.navKey+render.NavPlace(g.navOf[w.Page]), d)
	if g.reuse(w.Page.OutPath, key) {
		return true
	}
	if html, ok := g.opts.Cache.state().Rendered().Get(w.Page.OutPath, key); ok {
		g.put(w.Page.OutPath, html)
		return true
	}
	navRoom := navBuffers.Get().(*pageBuf)
	nav, used := g.navR.ForInto(navRoom.b, g.navOf[w.Page], d.Root)
	defer navRoom.give(used, &navBuffers) // d.Nav is not kept past this call
	d.Nav = template.HTML(nav)
	if g.siteData.Features["toc.integrate"] {
		d.Nav = template.HTML(render.IntegrateTOC(string(d.Nav), d.TOC))
	}
	if g.siteData.Features["navigation.tabs"] {
		d.Tabs = g.navR.Tabs(g.navOf[w.Page], d.Root)
	}
	if d.Added == "" { // (else the content is the page's with a listing added)
		room := htmlBuffers.Get().(*pageBuf)
		content, used := w.HTMLInto(room.b, g.report)
		defer room.give(used, &htmlBuffers) // d.Content is not kept past this call
		d.Content = template.HTML(content)
	}
	buf := g.pageBuffer()
	html, err := g.theme.AppendPage(buf.take(), d)
	defer buf.give(html, &pageBuffers)
	if err != nil {
		g.mu.Lock()
		g.result.Diags.Errorf("theme/templates/page.html", 0, 0, "theme", "rendering %s: %v", w.Page.Src, err)
		g.mu.Unlock()
		return false
	}
	g.put(w.Page.OutPath, html)
	g.recordKey(w.Page.OutPath, key)
	g.opts.Cache.state().Rendered().Put(w.Page.OutPath, key, html)
	if g.freeHTML() {
		w.Res.HTML = nil // rendered; the page's HTML is not needed again
	}
	return false
}

// pageBuffers hold rendered pages' bytes between one page's rendering and
// the next's, when nothing keeps a page's bytes once written (see
// pageBuffer): a page is some 40 KB, and allocating each anew (zeroed,
// and collected) took 3–4% of a cold build's CPU.
var pageBuffers = sync.Pool{New: func() any { return new(pageBuf) }}

// htmlBuffers hold the HTML of the pages kept in a spill file while they
// render (see convert.Page.HTMLInto).
var htmlBuffers = sync.Pool{New: func() any { return new(pageBuf) }}

// navBuffers hold the pages' own navs while they render (see
// render.NavRenderer.ForInto).
var navBuffers = sync.Pool{New: func() any { return new(pageBuf) }}

// pageBuf is a buffer of pageBuffers, htmlBuffers or navBuffers (or none:
// take gives nil, give keeps nothing).
type pageBuf struct{ b []byte }

func (p *pageBuf) take() []byte {
	if p == nil {
		return nil
	}
	return p.b[:0]
}

// give returns the buffer, grown into b, to pool (one of more than 1 MB
// is let go of: a rare page that size should not stay in memory).
func (p *pageBuf) give(b []byte, pool *sync.Pool) {
	if p == nil {
		return
	}
	if cap(b) > cap(p.b) {
		p.b = b
	}
	if cap(p.b) <= 1<<20 {
		pool.Put(p)
	}
}

// pageBuffer is a buffer for a page's bytes from pageBuffers, nil when
// something keeps the bytes a page was rendered into: Result.Files or
// an Output that may, or the in-memory cache of rendered pages.
func (g *generator) pageBuffer() *pageBuf {
	if _, ok := g.opts.Output.(hashedOutput); !ok || g.opts.Cache.state().Rendered() != nil {
		return nil
	}
	return pageBuffers.Get().(*pageBuf)
}

// spillAbove is the number of pages above which a build keeps its pages'
// HTML and text in a spill file (see spillPages); a variable for tests.
var spillAbove = pages.MaxPrintPages

// spillPages makes the spill file in which a build keeps its pages' HTML
// and their sections' text between converting and rendering or indexing
// them (convert.Options.Spill): when the build writes its files as it
// makes them and nothing keeps the HTML for later (see freeHTML), for a
// site of more than spillAbove pages. nil when there is none, or it
// cannot be made (the pages then stay in memory).
func spillPages(opts Options, n int) *cache.Spill {
	c := opts.Cache
	if opts.Output == nil || n <= spillAbove || !(c == nil || c.OnDisk()) {
		return nil
	}
	sp, err := cache.NewSpill(opts.CacheDir)
	if err != nil {
		return nil
	}
	return sp
}

// letGoOfLinks lets go of the spilled pages' links and ids (see
// convert.Page.LetGoOfLinks) once the links are checked and the
// backlinks worked out (prepare), and of the link graph.
func (g *generator) letGoOfLinks() {
	for _, w := range g.work {
		w.LetGoOfLinks()
	}
	g.result.Refs, g.result.IDs = nil, nil
}

// freeHTML reports whether a page's HTML can be let go of once rendered:
// unless serve keeps it for its next build, or the site is small enough
// for the state on disk to keep it (its printable pages are made of it).
func (g *generator) freeHTML() bool {
	c := g.opts.Cache
	return c == nil || c.OnDisk() && !g.stateKeepsHTML()
}

// html is a page's HTML (see convert.Page.HTML).
// backlinksOf are the pages linking to page p.
func (g *generator) backlinksOf(p *site.Page) []*site.Page {
	if g.edit != nil {
		return g.edit.backlinksOf(p)
	}
	return g.backlinks[p]
}

func (g *generator) html(w *convert.Page) []byte { return w.HTML(g.report) }

// report adds problems found while rendering.
func (g *generator) report(d diag.List) {
	g.mu.Lock()
	g.result.Diags = append(g.result.Diags, d...)
	g.mu.Unlock()
}

// errorf reports an error of the build (from any goroutine).
func (g *generator) errorf(path, code, format string, args ...any) {
	g.mu.Lock()
	g.result.Diags.Errorf(path, 0, 0, code, format, args...)
	g.mu.Unlock()
}

// reuse keeps the output folder's file at name when the last build made it
// from the same key (the state on disk says so), recording it as part of
// this build.
func (g *generator) reuse(name string, key cache.Key) bool {
	c := g.opts.Cache.state()
	if !c.Kept(name, key) || !g.keep(name) {
		return false
	}
	c.Record(name, key)
	return true
}

// recordKey notes the key an output file was made from, for the state.
func (g *generator) recordKey(name string, key cache.Key) { g.opts.Cache.state().Record(name, key) }

func (g *generator) pageData(w *convert.Page, index map[*site.Page]int) (*render.PageData, diag.List) {
	at, ok := index[w.Page]
	if !ok {
		at = -1
	}
	src := pages.Source{Page: w.Page, Res: w.Full(g.report), Nav: g.navOf[w.Page], Index: at, Backlinks: g.backlinksOf(w.Page), Drill: g.drills[w.Page],
		LastUpdated: g.lastUpdated(w.Page)}
	src.EditURL, src.ViewURL = repoinfo.FileURLs(g.cfg.RepoURL, g.cfg.EditPath, g.cfg.ContentDir, w.Page.Src)
	return g.model.PageData(src)
}

func (g *generator) lastUpdated(p *site.Page) string {
	if t, ok := g.lastModTime[p.Src]; ok {
		return t.UTC().Format("2006-01-02")
	}
	return ""
}
