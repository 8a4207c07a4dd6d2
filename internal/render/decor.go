package render

import (
	"os"
	"path/filepath"

	"handbook/internal/diag"
	mdicons "handbook/internal/markdown/icons"
	"handbook/internal/site"
)

// statusIcons are the icons Material shows for its two page statuses.
var statusIcons = map[string]string{"new": "material/alert-decagram", "deprecated": "material/trash-can"}

// PageDecors are Material's page settings that the nav shows: each page's
// icon, subtitle and status (statusTitles names each status), for
// NavRenderer.Decor. An icon that exists nowhere is reported at its line.
func PageDecors(pages []*site.Page, statusTitles map[string]string) (map[*site.Page]PageDecor, diag.List) {
	decor := map[*site.Page]PageDecor{}
	var diags diag.List
	var lib *mdicons.Library // the bundled sets
	for _, p := range pages {
		fm := &p.FM
		if fm.Icon == "" && fm.Subtitle == "" && fm.Status == "" {
			continue
		}
		d := PageDecor{Subtitle: fm.Subtitle, Status: fm.Status, StatusTitle: statusTitles[fm.Status]}
		if fm.Icon != "" {
			svg, err := lib.Resolve(fm.Icon)
			if err != nil {
				at := fm.Where("icon")
				diags.Warnf(at.File, at.Line, at.Col, "unknown-icon", "%v (the page's icon is left out)", err)
			}
			d.IconSVG = svg
		}
		if name, ok := statusIcons[fm.Status]; ok {
			d.StatusIcon, _ = lib.Lookup(name)
		}
		decor[p] = d
	}
	return decor, diags
}

// CheckTemplate reports a page's template: that the theme (or the site's
// theme folder, or theme.custom_dir) lacks it, or that it is a Jinja
// template of theme.custom_dir, which handbook does not run.
func (t *Theme) CheckTemplate(p *site.Page, customDir string) diag.List {
	name := p.FM.Template
	if name == "" || t.Has(name) {
		return nil
	}
	var diags diag.List
	at := p.FM.Where("template")
	if customDir != "" {
		if _, err := os.Stat(filepath.Join(customDir, filepath.FromSlash(name))); err == nil {
			diags.Warnf(at.File, at.Line, at.Col, "template", "template %q is a Jinja template of theme.custom_dir, which handbook does not run: the page is rendered with page.html", name)
			return diags
		}
	}
	diags.Warnf(at.File, at.Line, at.Col, "template", "template %q not found in the theme or theme.custom_dir: the page is rendered with page.html", name)
	return diags
}
