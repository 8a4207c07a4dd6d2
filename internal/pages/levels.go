package pages

import (
	"slices"
	"strings"

	"handbook/internal/diag"
	"handbook/internal/markdown"
	"handbook/internal/project"
	"handbook/internal/render"
	"handbook/internal/site"
	"handbook/internal/slug"
	"handbook/internal/urlpath"
)

// The level pages: levels/ (the levels side by side) and levels/<id>/
// (what is tagged with one level), generated from the converted pages.

const levelTitle = "Levels"

// LevelURL is the site URL of a level's page.
func LevelURL(id string) string { return "levels/" + strings.ToLower(id) + "/" }

// GeneratedURLs are the site URLs the build writes without a source file,
// which pages may link to.
func GeneratedURLs(cfg *project.Config) map[string]bool {
	m := map[string]bool{}
	if len(cfg.Levels) > 0 {
		m["levels/"] = true
	}
	for _, l := range cfg.Levels {
		m[LevelURL(l.ID)] = true
	}
	return m
}

// AddLevelNav appends a "Levels" section to the nav, holding the overview
// and one page per configured level. The pages are virtual: no source file.
func AddLevelNav(nav *site.NavNode, cfg *project.Config) {
	if len(cfg.Levels) == 0 {
		return // levels are opt-in: no level pages without them
	}
	overview := &site.Page{Src: "", URL: "levels/", OutPath: "levels/index.html", Title: levelTitle, IsIndex: true}
	sec := &site.NavNode{Title: levelTitle, Page: overview, Parent: nav}
	for _, l := range cfg.Levels {
		p := &site.Page{URL: LevelURL(l.ID), OutPath: LevelURL(l.ID) + "index.html", Title: l.ID + ": " + l.Name, Levels: []string{l.ID}}
		sec.Children = append(sec.Children, &site.NavNode{Title: p.Title, Page: p, Parent: sec})
	}
	nav.Children = append(nav.Children, sec)
}

func (s *Site) levelSection() *site.NavNode {
	for _, c := range s.Nav.Children {
		if c.Page != nil && c.Page.URL == "levels/" {
			return c
		}
	}
	return nil
}

// LevelPages are the level pages of the nav (see AddLevelNav): the
// overview, then one per level; none without levels.
func LevelPages(nav *site.NavNode) []*site.Page {
	s := (&Site{Nav: nav}).levelSection()
	if s == nil {
		return nil
	}
	out := []*site.Page{s.Page}
	for _, c := range s.Children {
		out = append(out, c.Page)
	}
	return out
}

// Levels renders the level pages: one per level, then the overview with
// how many pages and sections each level has.
func (s *Site) Levels() ([]File, diag.List) {
	sec := s.levelSection()
	if sec == nil {
		return nil, nil
	}
	var files []File
	var diags diag.List
	add := func(f *File, d diag.List) {
		diags = append(diags, d...)
		if f != nil {
			files = append(files, *f)
		}
	}
	counts := map[string][2]int{}
	for _, child := range sec.Children {
		id := child.Page.Levels[0]
		lvl, _ := s.Config.Level(id)
		groups, pages, sections := s.collectLevel(id, child.Page.URL)
		counts[id] = [2]int{pages, sections}
		data := render.LevelPage{Level: render.LevelData{ID: lvl.ID, Name: lvl.Name, Description: lvl.Description}, Groups: groups}
		add(s.generated(child, lvl.ID+": "+lvl.Name, "level", render.LevelTemplate, data, lvl.Description))
	}
	var data render.LevelsPage
	for _, l := range s.Config.Levels {
		c := counts[l.ID]
		data.Levels = append(data.Levels, render.LevelRow{LevelData: render.LevelData{ID: l.ID, Name: l.Name, Description: l.Description}, Pages: c[0], Sections: c[1]})
	}
	add(s.generated(sec, levelTitle, "levels", render.LevelsTemplate, data, "The handbook's levels side by side, with a page for each."))
	return files, diags
}

// collectLevel lists, grouped by top-level nav section, the pages tagged with
// level id and the tagged sections of other pages, each with its summary.
func (s *Site) collectLevel(id string, from string) (groups []render.LevelGroup, pages, sections int) {
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
	for _, p := range s.Order {
		res := s.full(p)
		if res == nil {
			continue
		}
		// A page tagged with every level is for everyone, like an untagged
		// one: listing it would repeat the whole handbook on each level page.
		pageTagged := slices.Contains(p.Levels, id) && len(p.Levels) < len(s.Config.Levels)
		var tagged []render.LevelEntry
		for _, sec := range res.Sections {
			if sec.Heading < 0 || len(sec.Levels) == 0 || sec.Levels[0] != id {
				continue
			}
			h := res.Headings[sec.Heading]
			if h.Level != id { // list the tagged heading, not every subsection under it
				continue
			}
			tagged = append(tagged, render.LevelEntry{Title: h.Text, URL: "#" + h.ID, Summary: sec.Summary})
			sections++
		}
		if !pageTagged && len(tagged) == 0 {
			continue
		}
		pageURL := urlpath.Rel(from, p.URL)
		for i := range tagged {
			tagged[i].URL = pageURL + tagged[i].URL
		}
		e := render.LevelEntry{Title: p.Title, URL: pageURL, Summary: Description(p, res, s.Config.Description), Sections: tagged}
		if pageTagged {
			pages++
		}
		add(topSectionTitle(s.NavOf[p]), e)
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

// LevelSignature is what the level pages show of a page: its description
// and its level-tagged sections. When it is unchanged by an edit, the
// level pages are too.
func LevelSignature(p *site.Page, res *markdown.Result, fallback string) string {
	var b strings.Builder
	b.WriteString(Description(p, res, fallback))
	for _, s := range res.Sections {
		if s.Heading < 0 || len(s.Levels) == 0 {
			continue
		}
		h := res.Headings[s.Heading]
		b.WriteString("\x00" + s.Levels[0] + "\x00" + h.Level + "\x00" + h.Text + "\x00" + h.ID + "\x00" + s.Summary)
	}
	return b.String()
}
