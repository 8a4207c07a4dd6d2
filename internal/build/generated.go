package build

import (
	"handbook/internal/cache"
	"handbook/internal/convert"
	"handbook/internal/diag"
	"handbook/internal/markdown"
	"handbook/internal/pages"
	"handbook/internal/site"
)

// The pages the build generates without a source file are made by package
// pages from the site model; the build puts what it returns.

// setModel gives package pages this build's model of the site. It runs
// once the page order and each page's conversion are known.
func (g *generator) setModel() {
	byPage := make(map[*site.Page]*convert.Page, len(g.work))
	ids := make(map[*site.Page]cache.Key, len(g.work))
	for _, w := range g.work {
		byPage[w.Page] = w
		ids[w.Page] = w.ID
	}
	g.model = &pages.Site{
		Config: g.cfg, Site: g.site, Theme: g.theme, Nav: g.nav, NavR: g.navR, Data: g.siteData,
		Order: g.order, NavOf: g.navOf, Converted: g.result.Converted, ConvIDs: ids, Blog: g.blog,
		HTML: func(p *site.Page) []byte {
			if w := byPage[p]; w != nil {
				return g.html(w)
			}
			return nil
		},
		Full: func(p *site.Page) *markdown.Result {
			if w := byPage[p]; w != nil {
				return w.Full(g.report)
			}
			return nil
		},
		Reuse:      g.reuse,
		TagsMarker: func(p *site.Page) bool { return byPage[p] != nil && byPage[p].TagsMarker },
	}
	g.model.Prepare()
}

// putGenerated puts generated files and records what they show.
func (g *generator) putGenerated(files []pages.File, diags diag.List) {
	g.mu.Lock()
	g.result.Diags = append(g.result.Diags, diags...)
	g.mu.Unlock()
	for _, f := range files {
		if !f.Kept { // (a kept file is in the output already)
			g.put(f.Path, f.Data)
			if f.Key != (cache.Key{}) {
				g.recordKey(f.Path, f.Key)
			}
		}
		if f.Deps != nil {
			g.result.Deps[f.Path] = f.Deps
		}
	}
}

// putOne puts one generated file, if there is one.
func (g *generator) putOne(f *pages.File, diags diag.List) {
	if f == nil {
		g.putGenerated(nil, diags)
		return
	}
	g.putGenerated([]pages.File{*f}, diags)
}

func (g *generator) addPrintPages()    { g.putGenerated(g.model.Print()) }
func (g *generator) renderLevelPages() { g.putGenerated(g.model.Levels()) }
func (g *generator) renderTags()       { g.putOne(g.model.Tags()) }
func (g *generator) render404()        { g.putOne(g.model.NotFound()) }
func (g *generator) addBlogPages()     { g.putGenerated(g.model.BlogPages()) }
func (g *generator) addRedirects()     { g.putGenerated(g.model.Redirects()) }
func (g *generator) addNavLists()      { g.putGenerated(g.model.NavLists(g.navLists)) }

// navListsFeature is the theme's optional feature of sites whose nav
// lists are cut (its script puts the whole lists in place).
const navListsFeature = "navlists"

// keepLevelPages keeps the level pages as the last build made them (an
// edit that changes nothing they show; see editPlan).
func (g *generator) keepLevelPages() {
	c := g.opts.Cache.state()
	level := pages.LevelPages(g.nav)
	keys := make([]cache.Key, len(level))
	for i, p := range level {
		key, ok := c.KeptKey(p.OutPath)
		if !ok || g.previous(p.OutPath) == nil {
			g.renderLevelPages() // (not there as it was made: made again)
			return
		}
		keys[i] = key
	}
	for i, p := range level {
		if !g.reuse(p.OutPath, keys[i]) {
			g.errorf(p.OutPath, "write", "the level page the last build wrote is gone: build again")
		}
	}
}

// prepareDrills cuts the cards of every drill page from its source's HTML.
func (g *generator) prepareDrills() {
	drills, diags := g.model.Drills(g.drillSources)
	g.drills = drills
	g.putGenerated(nil, diags)
}
