package pages

import (
	"html/template"
	"path"

	"handbook/internal/cache"
	"handbook/internal/diag"
	"handbook/internal/render"
	"handbook/internal/site"
	"handbook/internal/urlpath"
)

// Long nav lists (see render.NavRenderer.Window): a list of more entries
// than the config's nav_list_limit is cut to a window on each page, whose
// "more" items lead to nav/, the page listing the whole nav (template
// nav.html), and whose whole entries are in nav/list-ID.html, which the
// theme's script fetches.

const (
	navTitle      = "All pages"
	navListPrefix = "nav/list-"
)

// NavURL is the site URL of the page listing the whole nav.
func NavURL(directoryURLs bool) string {
	if directoryURLs {
		return "nav/"
	}
	return "nav.html"
}

// WindowNav cuts the nav's long lists (limit is the config's NavLimit),
// and returns the ids of the lists cut. The files the cut lists lead to
// must not take the URL of a page or file of the site: when one would,
// that is reported at the page or file and every list is shown whole.
// Call it once the nav renderer's options are set.
func WindowNav(r *render.NavRenderer, s *site.Site, limit int) ([]string, diag.List) {
	dirURLs := s.Config.UseDirectoryURLs == nil || *s.Config.UseDirectoryURLs
	w := render.NavWindow{Limit: limit, AllURL: NavURL(dirURLs), ListPrefix: navListPrefix}
	ids := r.Window(w)
	if len(ids) == 0 {
		return nil, nil
	}
	made := map[string]string{urlpath.OutPath(w.AllURL): w.AllURL}
	for _, id := range ids {
		made[r.ListFile(id)] = r.ListFile(id)
	}
	var diags diag.List
	taken := func(display, out string) {
		if u, ok := made[out]; ok {
			diags.Warnf(display, 0, 0, "nav-list", "%s is where handbook lists the whole nav for nav lists longer than nav_list_limit (%d): every list is shown whole instead (move this file, or set nav_list_limit to 0 or above the longest list)", u, limit)
		}
	}
	for _, p := range s.Pages {
		taken(s.Display(p), p.OutPath)
	}
	for _, a := range s.Assets {
		taken(path.Join(s.Config.ContentDir, a.Src), a.Src)
	}
	if len(diags) > 0 {
		r.Window(render.NavWindow{})
		return nil, diags
	}
	return ids, nil
}

// NavLists are the files the cut lists lead to (none when no list is
// cut): the page listing the whole nav and each cut list's own file.
func (s *Site) NavLists(ids []string) ([]File, diag.List) {
	if len(ids) == 0 {
		return nil, nil
	}
	var files []File
	for _, id := range ids {
		name := s.NavR.ListFile(id)
		list, _ := s.NavR.WholeList(id, urlpath.RootPrefix(name))
		files = append(files, File{Path: name, Data: []byte(listDocument(list))})
	}
	f, diags := s.navPage()
	if f != nil {
		files = append(files, *f)
	}
	return files, diags
}

// listDocument is a cut list's file: the list alone, in a document no
// search engine indexes.
func listDocument(list string) string {
	return "<!doctype html>\n<meta charset=\"utf-8\">\n<meta name=\"robots\" content=\"noindex\">\n<title>Navigation</title>\n" + list + "\n"
}

// NavURL is the site URL of the page listing the whole nav.
func (s *Site) NavURL() string {
	return NavURL(s.Config.UseDirectoryURLs == nil || *s.Config.UseDirectoryURLs)
}

// navPage is the page listing the whole nav.
func (s *Site) navPage() (*File, diag.List) {
	u := s.NavURL()
	page := &site.Page{URL: u, OutPath: urlpath.OutPath(u), Title: navTitle}
	n := &site.NavNode{Title: navTitle, Page: page}
	prefix := urlpath.RootPrefix(u)
	data := render.NavPage{Entries: s.navEntries(s.Nav, prefix), ID: s.listAnchor(s.Nav)}
	return s.generatedPage(n, navTitle, "nav", render.NavTemplate, data, "Every page of the site, as the navigation lists them.", false)
}

// navEntries are section n's entries for the page listing the whole nav,
// their links seen from a page at prefix.
func (s *Site) navEntries(n *site.NavNode, prefix string) []render.NavPageEntry {
	out := make([]render.NavPageEntry, 0, len(n.Children))
	for _, c := range n.Children {
		e := render.NavPageEntry{Title: c.Title, ID: s.listAnchor(c)}
		switch {
		case c.URL != "":
			e.URL = c.URL
		case c.Page != nil:
			e.URL = urlpath.Join(prefix, c.Page.URL)
			if e.URL == "" {
				e.URL = "./"
			}
		}
		if c.IsSection() {
			e.Entries = s.navEntries(c, prefix)
		}
		out = append(out, e)
	}
	return out
}

// listAnchor is the anchor of section n's list on the page listing the
// whole nav, when the list is cut (where its "more" items lead), else "".
func (s *Site) listAnchor(n *site.NavNode) string {
	if id, ok := s.NavR.ListID(n); ok {
		return render.ListAnchor(id)
	}
	return ""
}

// generatedPage is generated, with or without the page's social card
// (a page that is not in the page order gets no card drawn).
func (s *Site) generatedPage(n *site.NavNode, title, kind, tmpl string, data any, description string, social bool) (*File, diag.List) {
	var diags diag.List
	p := n.Page
	prefix := urlpath.RootPrefix(p.URL)
	d := &render.PageData{
		Site: s.Data, Kind: kind, Title: title, Root: prefix, Description: description,
		Nav:    template.HTML(s.NavR.For(n, prefix)),
		Levels: p.Levels, Canonical: s.Canonical(p.URL), TitleID: "page-title",
		Breadcrumbs: Breadcrumbs(n, prefix),
	}
	if s.Data.Features["navigation.tabs"] {
		d.Tabs = s.NavR.Tabs(n, prefix)
	}
	if social {
		s.SetSocial(d, p.URL)
	}
	for i, q := range s.Order {
		if q == p {
			if i > 0 {
				d.Prev = Link(s.Order[i-1], p.URL)
			}
			if i+1 < len(s.Order) {
				d.Next = Link(s.Order[i+1], p.URL)
			}
		}
	}
	deps := make([]string, 0, len(s.Site.Pages))
	for _, q := range s.Site.Pages {
		deps = append(deps, q.Abs)
	}
	key := cache.NewKey().Str(s.Theme.Key, tmpl).Value(data).Value(d).Sum()
	if s.reuse(p.OutPath, key) {
		return &File{Path: p.OutPath, Deps: deps, Key: key, Kept: true}, nil
	}
	content, err := s.Theme.Content(tmpl, data)
	if err != nil {
		diags.Errorf("theme/templates/"+tmpl, 0, 0, "theme", "rendering %s: %v", p.URL, err)
		return nil, diags
	}
	d.Content = content
	out, err := s.Theme.Page(d)
	if err != nil {
		diags.Errorf("theme/templates/page.html", 0, 0, "theme", "rendering %s: %v", p.URL, err)
		return nil, diags
	}
	return &File{Path: p.OutPath, Data: out, Deps: deps, Key: key}, diags
}
