package build

import (
	"html/template"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"handbook/internal/blog"
	"handbook/internal/cache"
	"handbook/internal/diag"
	"handbook/internal/markdown/icons"
	"handbook/internal/pages/sitedata"
	"handbook/internal/urlpath"

	"handbook/internal/par"

	"handbook/internal/gitinfo"
	"handbook/internal/markdown"
	"handbook/internal/offline"
	"handbook/internal/pages"
	"handbook/internal/project"
	"handbook/internal/render"
	"handbook/internal/repoinfo"
	"handbook/internal/site"
)

// generator renders the site's pages from the converted content: one build.
type generator struct {
	*prepared
	opts   Options
	work   []*pageWork
	result *Result
	mu     sync.Mutex // guards result while pages render in parallel

	backlinks map[*site.Page][]*site.Page // which pages link to each page
	drills    map[*site.Page]*render.DrillData
	model     *pages.Site    // the site as package pages sees it (set by prepare)
	digest    offline.Digest // every file put, for the service worker's version
	// conv converts a page again when its HTML is needed and the cached
	// conversion does not hold it.
	conv *markdown.Converter
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

	themeKey, navKey string            // render key parts shared by every page
	search           map[string][]byte // the search files published
	searchKey        cache.Key         // the key of those files' documents
}

func (g *generator) prepare() {
	var diags diag.List
	g.siteData, diags = sitedata.New(g.cfg, g.icons)
	f := g.siteData.Features
	g.navR.Options = render.NavOptions{Expand: f["navigation.expand"], Sections: f["navigation.sections"], Indexes: f["navigation.indexes"]}
	g.result.Diags = append(g.result.Diags, diags...)
	g.order = g.nav.PageOrder()
	// Each page's nav node, found in one walk (the first occurrence, as
	// NavNode.Find would give).
	g.navOf = map[*site.Page]*site.NavNode{}
	g.nav.Walk(func(n *site.NavNode) {
		if n.Page != nil && g.navOf[n.Page] == nil {
			g.navOf[n.Page] = n
		}
	})
	for _, w := range g.work {
		w.nav = g.navOf[w.page]
	}
	g.backlinks = map[*site.Page][]*site.Page{}
	for _, w := range g.work {
		seen := map[*site.Page]bool{}
		for _, ref := range w.linker.Refs {
			t := ref.Target
			if t == nil || t == w.page || seen[t] {
				continue
			}
			seen[t] = true
			g.backlinks[t] = append(g.backlinks[t], w.page)
		}
	}
	for _, list := range g.backlinks {
		sort.Slice(list, func(i, j int) bool { return list[i].Src < list[j].Src })
	}
	if g.opts.Cache != nil {
		// Read first: a commit made while the dates are read shows as a change.
		g.gitState = gitinfo.State(g.cfg.DocsDir())
	}
	g.lastModTime = lastModified(g.cfg.DocsDir())
	g.setModel()
}

func (g *generator) renderPages() {
	g.index = map[*site.Page]int{}
	for i, p := range g.order {
		g.index[p] = i
	}
	g.themeKey = siteKey(g.theme, g.siteData, g.cfg)
	g.pageSettings()
	g.navKey = navFingerprint(g.nav) + decorKey(g.navR.Decor)
	g.prepareDrills()
	var reused, done atomic.Int64
	par.For(len(g.work), func(i int) {
		if g.renderPage(g.work[i]) {
			reused.Add(1)
		}
		g.opts.progress("rendering", int(done.Add(1)), len(g.work))
	})
	g.result.Stats.Cache.RenderReused = int(reused.Load())
	g.result.Stats.Cache.Rendered = len(g.work) - int(reused.Load())
	for _, w := range g.work {
		g.result.Deps[w.page.OutPath] = []string{w.page.Abs}
		if w.res.HasMermaid {
			g.needs.mermaid = true
		}
		if w.res.HasMath {
			g.needs.math = true
		}
	}
}

// renderPage renders one page, or takes it from the cache (or the output
// folder) when every input is unchanged (and then reports true).
func (g *generator) renderPage(w *pageWork) (reused bool) {
	d, diags := g.pageData(w, g.index)
	if len(diags) > 0 {
		g.mu.Lock()
		g.result.Diags = append(g.result.Diags, diags...)
		g.mu.Unlock()
	}
	// The nav's HTML is a function of the whole tree, the page's place in it
	// and its depth: key on those instead of hashing the HTML.
	key := renderKey(w.convID, g.themeKey, g.navKey+navPlace(w.nav), d)
	if g.reuse(w.page.OutPath, key) {
		return true
	}
	if html, ok := g.opts.Cache.renderStore().Get(w.page.OutPath, key); ok {
		g.put(w.page.OutPath, html)
		return true
	}
	d.Nav = template.HTML(g.navR.For(w.nav, d.Root))
	if g.siteData.Features["toc.integrate"] {
		d.Nav = template.HTML(render.IntegrateTOC(string(d.Nav), d.TOC))
	}
	if g.siteData.Features["navigation.tabs"] {
		d.Tabs = g.navR.Tabs(w.nav, d.Root)
	}
	if d.Added == "" { // (else the content is the page's with a listing added)
		d.Content = template.HTML(g.html(w))
	}
	html, err := g.theme.Page(d)
	if err != nil {
		g.mu.Lock()
		g.result.Diags.Errorf("theme/templates/page.html", 0, 0, "theme", "rendering %s: %v", w.page.Src, err)
		g.mu.Unlock()
		return false
	}
	g.put(w.page.OutPath, html)
	g.recordKey(w.page.OutPath, key)
	if c := g.opts.Cache; c != nil && c.disk == nil {
		c.renderStore().Put(w.page.OutPath, key, html)
	}
	if g.freeHTML() {
		w.res.HTML = nil // rendered; the page's HTML is not needed again
	}
	return false
}

// freeHTML reports whether a page's HTML can be let go of once rendered:
// unless serve keeps it for its next build, or the site is small enough
// for the state on disk to keep it (its printable pages are made of it).
func (g *generator) freeHTML() bool {
	c := g.opts.Cache
	return c == nil || c.disk != nil && len(g.work) > pages.MaxPrintPages
}

// html is a page's HTML, converting the page again when its conversion
// came from the state on disk without it.
func (g *generator) html(w *pageWork) []byte {
	return w.htmlOf(g.conv, g.site, g.cfg, g.report)
}

// report adds problems found while rendering.
func (g *generator) report(d diag.List) {
	g.mu.Lock()
	g.result.Diags = append(g.result.Diags, d...)
	g.mu.Unlock()
}

// htmlOf is a page's HTML, converting the page again when its conversion
// came from the state on disk without it (problems reading the page go
// to report).
func (w *pageWork) htmlOf(conv *markdown.Converter, s *site.Site, cfg *project.Config, report func(diag.List)) []byte {
	if w.noHTML {
		w.completeHTML.Do(func() {
			if fresh := w.reconvert(conv, s, cfg, report); fresh != nil {
				w.res.HTML = fresh.HTML
			}
			if w.res.HTML == nil {
				w.res.HTML = []byte{}
			}
		})
	}
	return w.res.HTML
}

// withText is a page's conversion with its sections' text and code,
// converting the page again when its conversion came from the state on
// disk without them. The text goes into a copy of the sections and
// headings (all the search documents read): the search index asks for
// them while the pages render from the original.
func (g *generator) withText(w *pageWork) *markdown.Result {
	if !w.noText {
		return w.res
	}
	w.completeText.Do(func() {
		w.textRes = w.res
		fresh := w.reconvert(g.conv, g.site, g.cfg, g.report)
		if fresh == nil || len(fresh.Sections) != len(w.res.Sections) {
			return
		}
		// Only what the search documents read (pages.SearchDocs): the
		// rest of res may be written meanwhile (htmlOf).
		r := &markdown.Result{Sections: slices.Clone(w.res.Sections), Headings: w.res.Headings}
		for i := range fresh.Sections {
			r.Sections[i].Text, r.Sections[i].Code = fresh.Sections[i].Text, fresh.Sections[i].Code
		}
		w.textRes = r
	})
	return w.textRes
}

// reconvert converts a page again (its conversion is the one the state on
// disk gave: the same text, settings and links' answers), nil when its file
// cannot be read as it was (reported to report).
func (w *pageWork) reconvert(conv *markdown.Converter, s *site.Site, cfg *project.Config, report func(diag.List)) *markdown.Result {
	src, err := w.page.ReadText()
	if err != nil {
		var d diag.List
		d.Errorf(s.Display(w.page), 0, 0, "read", "cannot read: %v", err)
		report(d)
		return nil
	}
	return conv.Convert(src, s.NewLinker(w.page, pages.GeneratedURLs(cfg)))
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
	c := g.opts.Cache
	if c == nil || c.disk == nil {
		return false
	}
	if k, ok := c.disk.kept[name]; !ok || k != key || !g.keep(name) {
		return false
	}
	c.disk.key(name, key)
	return true
}

// recordKey notes the key an output file was made from, for the state.
func (g *generator) recordKey(name string, key cache.Key) {
	if c := g.opts.Cache; c != nil && c.disk != nil {
		c.disk.key(name, key)
	}
}

func (g *generator) pageData(w *pageWork, index map[*site.Page]int) (*render.PageData, diag.List) {
	at, ok := index[w.page]
	if !ok {
		at = -1
	}
	return g.model.PageData(pages.Source{
		Page: w.page, Res: w.res, Nav: w.nav, Index: at, Backlinks: g.backlinks[w.page], Drill: g.drills[w.page],
		EditURL: g.editURL(w.page), ViewURL: g.viewURL(w.page), LastUpdated: g.lastUpdated(w.page),
	})
}

func (g *generator) lastUpdated(p *site.Page) string {
	if t, ok := g.lastModTime[p.Src]; ok {
		return t.UTC().Format("2006-01-02")
	}
	return ""
}

func (g *generator) editURL(p *site.Page) string {
	if g.cfg.RepoURL == "" {
		return ""
	}
	return g.repoFileURL(g.editPath(), p)
}

// viewURL shows the page's source in the repository, for an edit path
// with an "edit" segment to swap for "blob" (GitHub, GitLab and alike).
func (g *generator) viewURL(p *site.Page) string {
	view := repoinfo.ViewFromEdit(g.editPath())
	if g.cfg.RepoURL == "" || view == "" {
		return ""
	}
	return g.repoFileURL(view, p)
}

func (g *generator) editPath() string {
	if g.cfg.EditPath != "" {
		return g.cfg.EditPath
	}
	return "edit/main/" + strings.Trim(g.cfg.ContentDir, "/") + "/"
}

func (g *generator) repoFileURL(dir string, p *site.Page) string {
	return strings.TrimSuffix(g.cfg.RepoURL, "/") + "/" + strings.Trim(dir, "/") + "/" + urlpath.File(p.Src)
}
