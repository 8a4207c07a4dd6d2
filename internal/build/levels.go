package build

import (
	"fmt"
	"html"
	"html/template"
	"strings"

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

// levelEntry is a page or section listed on a level page.
type levelEntry struct {
	title, url, summary string
	sections            []levelEntry
}

// levelGroup is the entries of one top-level nav section.
type levelGroup struct {
	title   string
	entries []levelEntry
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
func (g *generator) collectLevel(id string, from string) (groups []levelGroup, pages, sections int) {
	byPage := map[*site.Page]*pageWork{}
	for _, w := range g.work {
		byPage[w.page] = w
	}
	add := func(groupTitle string, e levelEntry) {
		for i := range groups {
			if groups[i].title == groupTitle {
				groups[i].entries = append(groups[i].entries, e)
				return
			}
		}
		groups = append(groups, levelGroup{title: groupTitle, entries: []levelEntry{e}})
	}
	for _, p := range g.order {
		w := byPage[p]
		if w == nil {
			continue
		}
		// A page tagged with every level is for everyone, like an untagged
		// one: listing it would repeat the whole handbook on each level page.
		pageTagged := containsStr(p.Levels, id) && len(p.Levels) < len(g.cfg.Levels)
		var tagged []levelEntry
		for _, s := range w.res.Sections {
			if s.Heading < 0 || len(s.Levels) == 0 || s.Levels[0] != id {
				continue
			}
			h := w.res.Headings[s.Heading]
			if h.Level != id { // list the tagged heading, not every subsection under it
				continue
			}
			tagged = append(tagged, levelEntry{title: h.Text, url: "#" + h.ID, summary: s.Summary})
			sections++
		}
		if !pageTagged && len(tagged) == 0 {
			continue
		}
		pageURL := site.RelURL(from, p.URL)
		for i := range tagged {
			tagged[i].url = pageURL + tagged[i].url
		}
		e := levelEntry{title: p.Title, url: pageURL, summary: g.description(p, w.res), sections: tagged}
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

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
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
		var b strings.Builder
		fmt.Fprintf(&b, "<p class=\"lead\">%s</p>\n", html.EscapeString(lvl.Description))
		fmt.Fprintf(&b, "<p>Every page and section tagged %s, grouped by part of the handbook. Pages for every level are not repeated here. <a href=\"../\">Compare the levels</a>.</p>\n", html.EscapeString(id))
		if len(groups) == 0 {
			b.WriteString("<p>No page or section is tagged with this level yet.</p>\n")
		}
		for _, gr := range groups {
			gid := "group-" + slug(gr.title)
			fmt.Fprintf(&b, "<h2 id=\"%s\">%s</h2>\n<ul class=\"hb-level-list\">\n", gid, html.EscapeString(gr.title))
			for _, e := range gr.entries {
				writeLevelEntry(&b, e)
			}
			b.WriteString("</ul>\n")
		}
		g.renderVirtual(child, lvl.ID+": "+lvl.Name, "level", b.String(), lvl.Description)
	}
	var b strings.Builder
	b.WriteString("<p class=\"lead\">Choose the level you are preparing for: its page lists every page and section written for it.</p>\n")
	b.WriteString("<table class=\"hb-level-table\">\n<thead><tr><th scope=\"col\">Level</th><th scope=\"col\">Role</th><th scope=\"col\">Focus</th><th scope=\"col\">Pages</th><th scope=\"col\">Sections</th></tr></thead>\n<tbody>\n")
	for _, l := range g.cfg.Levels {
		c := counts[l.ID]
		fmt.Fprintf(&b, "<tr><td><a href=\"%s\"><span class=\"hb-badge hb-badge--%s\">%s</span></a></td><td>%s</td><td>%s</td><td>%d</td><td>%d</td></tr>\n",
			html.EscapeString(strings.ToLower(l.ID)+"/"), html.EscapeString(strings.ToLower(l.ID)), html.EscapeString(l.ID),
			html.EscapeString(l.Name), html.EscapeString(l.Description), c[0], c[1])
	}
	b.WriteString("</tbody>\n</table>\n")
	b.WriteString("<p>Pick a level in the header switcher to fold away sections written for the other level; the choice is remembered on every page.</p>\n")
	g.renderVirtual(sec, levelTitle, "levels", b.String(), "The handbook's levels side by side, with a page for each.")
}

func writeLevelEntry(b *strings.Builder, e levelEntry) {
	fmt.Fprintf(b, "<li><a href=\"%s\">%s</a>", html.EscapeString(e.url), html.EscapeString(e.title))
	if e.summary != "" {
		fmt.Fprintf(b, "<span class=\"hb-summary\">%s</span>", html.EscapeString(e.summary))
	}
	if len(e.sections) > 0 {
		b.WriteString("\n<ul>\n")
		for _, s := range e.sections {
			writeLevelEntry(b, s)
		}
		b.WriteString("</ul>")
	}
	b.WriteString("</li>\n")
}

func slug(s string) string {
	out := strings.ToLower(strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}), "-"))
	if out == "" {
		return "x"
	}
	return out
}

// renderVirtual renders a generated page shown by nav node n.
func (g *generator) renderVirtual(n *site.NavNode, title, kind, content, description string) {
	p := n.Page
	prefix := site.RootPrefix(p.URL)
	d := &render.PageData{
		Site: g.siteData, Kind: kind, Title: title, Root: prefix, Description: description,
		Content: template.HTML(content), Nav: template.HTML(g.navR.For(n, prefix)),
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
	d := &render.PageData{
		Site: g.siteData, Kind: "404", Title: "Page not found", TitleID: "page-title", Root: root,
		Content: template.HTML(fmt.Sprintf("<p>There is no page at this address. It may have moved: try the search, the navigation, or <a href=\"%s\">the home page</a>.</p>\n", html.EscapeString(root))),
		Nav:     template.HTML(g.navR.For(nil, root)),
	}
	out, err := g.theme.Page(d)
	if err != nil {
		g.result.Diags.Errorf("theme/templates/page.html", 0, 0, "theme", "rendering 404.html: %v", err)
		return
	}
	g.put("404.html", out)
}
