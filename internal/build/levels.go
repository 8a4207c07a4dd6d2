package build

import (
	"html/template"
	"slices"

	"handbook/internal/slug"

	"handbook/internal/project"
	"handbook/internal/render"
	"handbook/internal/site"
)

// levelPages are the generated pages: levels/ and levels/<id>/.
var levelTitle = "Levels"

// addLevelNav appends a "Levels" section to the nav, holding the overview
// and one page per configured level. The pages are virtual: no source file.
func addLevelNav(nav *site.NavNode, cfg *project.Config) {
	overview := &site.Page{Src: "", URL: "levels/", OutPath: "levels/index.html", Title: levelTitle, IsIndex: true}
	sec := &site.NavNode{Title: levelTitle, Page: overview, Parent: nav}
	for _, l := range cfg.Levels {
		p := &site.Page{URL: levelURL(l.ID), OutPath: levelURL(l.ID) + "index.html", Title: l.ID + ": " + l.Name, Levels: []string{l.ID}}
		sec.Children = append(sec.Children, &site.NavNode{Title: p.Title, Page: p, Parent: sec})
	}
	nav.Children = append(nav.Children, sec)
}

func (g *generator) levelSection() *site.NavNode {
	for _, c := range g.nav.Children {
		if c.Page != nil && c.Page.URL == "levels/" {
			return c
		}
	}
	return nil
}

// collectLevel lists, grouped by top-level nav section, the pages tagged with
// level id and the tagged sections of other pages, each with its summary.
func (g *generator) collectLevel(id string, from string) (groups []render.LevelGroup, pages, sections int) {
	byPage := map[*site.Page]*pageWork{}
	for _, w := range g.work {
		byPage[w.page] = w
	}
	ids := slug.NewIDSet()
	add := func(groupTitle string, e render.LevelEntry) {
		for i := range groups {
			if groups[i].Title == groupTitle {
				groups[i].Entries = append(groups[i].Entries, e)
				return
			}
		}
		groups = append(groups, render.LevelGroup{ID: ids.Unique("group-" + slug.Slugify(groupTitle)), Title: groupTitle, Entries: []render.LevelEntry{e}})
	}
	for _, p := range g.order {
		w := byPage[p]
		if w == nil {
			continue
		}
		// A page tagged with every level is for everyone, like an untagged
		// one: listing it would repeat the whole handbook on each level page.
		pageTagged := slices.Contains(p.Levels, id) && len(p.Levels) < len(g.cfg.Levels)
		var tagged []render.LevelEntry
		for _, s := range w.res.Sections {
			if s.Heading < 0 || len(s.Levels) == 0 || s.Levels[0] != id {
				continue
			}
			h := w.res.Headings[s.Heading]
			if h.Level != id { // list the tagged heading, not every subsection under it
				continue
			}
			tagged = append(tagged, render.LevelEntry{Title: h.Text, URL: "#" + h.ID, Summary: s.Summary})
			sections++
		}
		if !pageTagged && len(tagged) == 0 {
			continue
		}
		pageURL := site.RelURL(from, p.URL)
		for i := range tagged {
			tagged[i].URL = pageURL + tagged[i].URL
		}
		e := render.LevelEntry{Title: p.Title, URL: pageURL, Summary: g.description(p, w.res), Sections: tagged}
		if pageTagged {
			pages++
		}
		add(topSectionTitle(g.navOf[p]), e)
	}
	return groups, pages, sections
}

func topSectionTitle(n *site.NavNode) string {
	if n == nil {
		return "Other pages"
	}
	for n.Parent != nil && n.Parent.Parent != nil {
		n = n.Parent
	}
	if n.IsSection() {
		return n.Title
	}
	return "Pages"
}

func (g *generator) renderLevelPages() {
	sec := g.levelSection()
	if sec == nil {
		return
	}
	counts := map[string][2]int{}
	for _, child := range sec.Children {
		id := child.Page.Levels[0]
		lvl, _ := g.cfg.Level(id)
		groups, pages, sections := g.collectLevel(id, child.Page.URL)
		counts[id] = [2]int{pages, sections}
		data := render.LevelPage{Level: render.LevelData{ID: lvl.ID, Name: lvl.Name, Description: lvl.Description}, Groups: groups}
		g.renderGenerated(child, lvl.ID+": "+lvl.Name, "level", render.LevelTemplate, data, lvl.Description)
	}
	var data render.LevelsPage
	for _, l := range g.cfg.Levels {
		c := counts[l.ID]
		data.Levels = append(data.Levels, render.LevelRow{LevelData: render.LevelData{ID: l.ID, Name: l.Name, Description: l.Description}, Pages: c[0], Sections: c[1]})
	}
	g.renderGenerated(sec, levelTitle, "levels", render.LevelsTemplate, data, "The handbook's levels side by side, with a page for each.")
}

// renderGenerated renders a generated page shown by nav node n: its
// content with the theme's template of that name, then the page around it.
func (g *generator) renderGenerated(n *site.NavNode, title, kind, tmpl string, data any, description string) {
	p := n.Page
	content, err := g.theme.Content(tmpl, data)
	if err != nil {
		g.result.Diags.Errorf("theme/templates/"+tmpl, 0, 0, "theme", "rendering %s: %v", p.URL, err)
		return
	}
	prefix := site.RootPrefix(p.URL)
	d := &render.PageData{
		Site: g.siteData, Kind: kind, Title: title, Root: prefix, Description: description,
		Content: content, Nav: template.HTML(g.navR.For(n, prefix)),
		Levels: p.Levels, Canonical: g.canonical(p.URL), TitleID: "page-title",
		Breadcrumbs: breadcrumbs(n, prefix),
	}
	g.setSocial(d, p.URL)
	for i, q := range g.order {
		if q == p {
			if i > 0 {
				d.Prev = pageLink(g.order[i-1], p.URL)
			}
			if i+1 < len(g.order) {
				d.Next = pageLink(g.order[i+1], p.URL)
			}
		}
	}
	out, err := g.theme.Page(d)
	if err != nil {
		g.result.Diags.Errorf("theme/templates/page.html", 0, 0, "theme", "rendering %s: %v", p.URL, err)
		return
	}
	g.put(p.OutPath, out)
	deps := make([]string, 0, len(g.work))
	for _, w := range g.work {
		deps = append(deps, w.page.Abs)
	}
	g.result.Deps[p.OutPath] = deps
}

// render404 writes 404.html. GitHub Pages serves it for any missing path at
// any depth, so its links are absolute from the site's base path.
func (g *generator) render404() {
	root := g.basePath()
	content, err := g.theme.Content(render.NotFoundTemplate, render.NotFoundPage{Home: root})
	if err != nil {
		g.result.Diags.Errorf("theme/templates/"+render.NotFoundTemplate, 0, 0, "theme", "rendering 404.html: %v", err)
		return
	}
	d := &render.PageData{
		Site: g.siteData, Kind: "404", Title: "Page not found", TitleID: "page-title", Root: root,
		Content: content, Nav: template.HTML(g.navR.For(nil, root)),
	}
	out, err := g.theme.Page(d)
	if err != nil {
		g.result.Diags.Errorf("theme/templates/page.html", 0, 0, "theme", "rendering 404.html: %v", err)
		return
	}
	g.put("404.html", out)
}
