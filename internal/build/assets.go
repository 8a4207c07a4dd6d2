package build

import (
	"os"
	"time"

	"handbook/internal/build/searchstage"
	"handbook/internal/cache"
	"handbook/internal/diag"
	"handbook/internal/gitinfo"
	"handbook/internal/seo"
)

// addAssets copies the content's files and the theme's assets. Vendored
// libraries are copied only when a page uses them.
func (g *generator) addAssets() {
	now := time.Now()
	for _, a := range g.site.Assets {
		// An asset is kept by its size and time, unless it was saved too
		// recently for those to prove anything (see output's racyWindow).
		var key cache.Key
		info, err := os.Stat(a.Abs)
		trusted := err == nil && info.ModTime().Before(now.Add(-2*time.Second))
		if trusted {
			key = cache.NewKey().Str("asset", a.Abs).Num(int(info.Size()), int(info.ModTime().UnixNano())).Sum()
			if g.reuse(a.Src, key) {
				continue
			}
		}
		b, err := os.ReadFile(a.Abs)
		if err != nil {
			g.errorf(g.cfg.ContentDir+"/"+a.Src, "read", "cannot read: %v", err)
			continue
		}
		g.put(a.Src, b)
		if trusted {
			g.recordKey(a.Src, key)
		}
	}
	for name, b := range g.theme.Files {
		g.put(name, b)
	}
	for name, b := range g.theme.OptionalAssets(g.siteData.Optional) {
		g.put(name, b)
	}
	for name, b := range g.theme.VendorFiles(g.needs.mermaid, g.needs.math, g.cfg.Plugins.Glightbox) {
		g.put(name, b)
	}
}

// addPublishingFiles writes what GitHub Pages and crawlers need: .nojekyll
// (so folders starting with "_" are served), robots.txt and, when the site's
// URL is known, sitemap.xml. A CNAME in content is copied like any file.
func (g *generator) addPublishingFiles() {
	g.put(".nojekyll", []byte{})
	g.put("robots.txt", seo.Robots(g.cfg.BaseURL))
	if g.cfg.BaseURL == "" {
		return
	}
	var pages []seo.Page
	for _, p := range g.order {
		sp := seo.Page{URL: p.URL}
		if d, ok := g.lastModTime[p.Src]; ok && p.Src != "" {
			sp.LastMod = d
		}
		pages = append(pages, sp)
	}
	if len(g.navLists) > 0 {
		pages = append(pages, seo.Page{URL: g.model.NavURL()})
	}
	g.put("sitemap.xml", seo.Sitemap(g.cfg.BaseURL, pages))
}

// addSearch writes the search index: one document per section of every
// page, with its heading path, text, code and levels (see searchstage).
func (g *generator) addSearch() {
	if finish := g.searchStage().Add(g.work); finish != nil {
		g.result.finishSearch = finish
	}
}

// addSearchLater is addSearch for an edit in serve (DeferSearch): see
// searchstage.Stage.AddLater. It reports false when there is no index to
// publish yet.
func (g *generator) addSearchLater() bool {
	finish, ok := g.searchStage().AddLater(g.work)
	if ok {
		g.result.finishSearch = finish
	}
	return ok
}

// searchStage is this build's search stage, writing to its output.
func (g *generator) searchStage() *searchstage.Stage {
	report := func(d diag.List) {
		g.mu.Lock()
		if g.searchApart {
			g.searchDiags = append(g.searchDiags, d...)
		} else {
			g.result.Diags = append(g.result.Diags, d...)
		}
		g.mu.Unlock()
	}
	out := searchstage.Output{
		Put: func(name string, data []byte) {
			if err := g.write(name, data); err != nil {
				var d diag.List
				d.Errorf(name, 0, 0, "write", "cannot write output: %v", err)
				report(d)
			}
		},
		KeepAll: g.keepAll, Previous: g.previous, Report: report,
		Errorf: func(format string, args ...any) {
			var d diag.List
			d.Errorf("", 0, 0, "search", format, args...)
			report(d)
		},
	}
	if g.opts.Output == nil {
		out.Drop = func(name string) {
			g.mu.Lock()
			delete(g.result.Files, name)
			g.mu.Unlock()
		}
	}
	return &searchstage.Stage{Config: g.cfg, State: g.opts.Cache.state(), Streamed: g.opts.Output != nil,
		Defer: g.opts.DeferSearch, Out: out, Pub: &g.searchPub}
}

// lastModified returns the last commit time of each content file, read from
// git in one call; empty outside a git checkout or in a shallow clone.
func lastModified(docsDir string) map[string]time.Time {
	times, err := gitinfo.ContentDates(docsDir)
	if err != nil {
		return nil
	}
	return times
}

// previous reads a file of the last build from the output folder (nil when
// the output cannot, or the file is not as the last build wrote it).
func (g *generator) previous(name string) []byte {
	if h, ok := g.opts.Output.(hashedOutput); ok {
		return h.Previous(name)
	}
	return nil
}
