package build

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"handbook/internal/cache"
	"handbook/internal/markdown/icons"
	"handbook/internal/render"
	"handbook/internal/site"
)

// statusIcons are the icons Material shows for its two page statuses.
var statusIcons = map[string]string{"new": "material/alert-decagram", "deprecated": "material/trash-can"}

// pageSettings applies Material's page settings that the nav shows (each
// page's icon, subtitle and status), and reports an icon that exists
// nowhere and a template the theme does not have, at their line.
func (g *generator) pageSettings() {
	decor := map[*site.Page]render.PageDecor{}
	var lib *icons.Library // the bundled sets
	for _, p := range g.site.Pages {
		fm := &p.FM
		g.checkTemplate(p)
		if fm.Icon == "" && fm.Subtitle == "" && fm.Status == "" {
			continue
		}
		d := render.PageDecor{Subtitle: fm.Subtitle, Status: fm.Status, StatusTitle: g.cfg.StatusTitles[fm.Status]}
		if fm.Icon != "" {
			svg, err := lib.Resolve(fm.Icon)
			if err != nil {
				at := fm.Where("icon")
				g.result.Diags.Warnf(at.File, at.Line, at.Col, "unknown-icon", "%v (the page's icon is left out)", err)
			}
			d.IconSVG = svg
		}
		if name, ok := statusIcons[fm.Status]; ok {
			d.StatusIcon, _ = lib.Lookup(name)
		}
		decor[p] = d
	}
	g.navR.Decor = decor
}

// checkTemplate reports a page's template: that the theme (or the site's
// theme folder, or theme.custom_dir) lacks it, or that it is a Jinja
// template of theme.custom_dir, which handbook does not run.
func (g *generator) checkTemplate(p *site.Page) {
	name := p.FM.Template
	if name == "" || g.theme.Has(name) {
		return
	}
	at := p.FM.Where("template")
	if g.cfg.CustomDir != "" {
		if _, err := os.Stat(filepath.Join(g.cfg.CustomDir, filepath.FromSlash(name))); err == nil {
			g.result.Diags.Warnf(at.File, at.Line, at.Col, "template", "template %q is a Jinja template of theme.custom_dir, which handbook does not run: the page is rendered with page.html", name)
			return
		}
	}
	g.result.Diags.Warnf(at.File, at.Line, at.Col, "template", "template %q not found in the theme or theme.custom_dir: the page is rendered with page.html", name)
}

// decorKey is a fingerprint of the nav's page decor, part of every page's
// render key (the nav shows it).
func decorKey(decor map[*site.Page]render.PageDecor) string {
	if len(decor) == 0 {
		return ""
	}
	pages := make([]*site.Page, 0, len(decor))
	for p := range decor {
		pages = append(pages, p)
	}
	slices.SortFunc(pages, func(a, b *site.Page) int { return strings.Compare(a.Src, b.Src) })
	k := cache.NewKey()
	for _, p := range pages {
		d := decor[p]
		k.Str(p.Src, d.IconSVG, d.Subtitle, d.Status, d.StatusTitle, d.StatusIcon)
	}
	sum := k.Sum()
	return string(sum[:])
}
