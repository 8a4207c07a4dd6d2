package build

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	"handbook/internal/gitinfo"
	"handbook/internal/seo"
)

// addAssets copies the content's files and the theme's assets. Vendored
// libraries are copied only when a page uses them.
func (g *generator) addAssets() {
	for _, a := range g.site.Assets {
		b, err := os.ReadFile(a.Abs)
		if err != nil {
			g.result.Diags.Errorf(g.cfg.ContentDir+"/"+a.Src, 0, 0, "read", "cannot read: %v", err)
			continue
		}
		g.put(a.Src, b)
	}
	for name, b := range g.theme.Files {
		g.put(name, b)
	}
	for name, b := range g.theme.Vendor {
		if name == "vendor/VERSIONS" {
			continue // provenance for maintainers, not for readers
		}
		if strings.HasPrefix(name, "vendor/mermaid/") && !g.needs.mermaid {
			continue
		}
		if strings.HasPrefix(name, "vendor/katex/") && !g.needs.math {
			continue
		}
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
	g.put("sitemap.xml", seo.Sitemap(g.cfg.BaseURL, pages))
}

// addSearch writes the search index.
func (g *generator) addSearch() {}

// lastModified returns the last commit time of each content file, read from
// git in one call; empty outside a git checkout or in a shallow clone.
func lastModified(source, contentDir string) map[string]time.Time {
	times, err := gitinfo.ContentDates(filepath.Join(source, contentDir))
	if err != nil {
		return nil
	}
	return times
}
