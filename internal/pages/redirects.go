package pages

import (
	"slices"
	"strings"

	"handbook/internal/diag"
	"handbook/internal/render"
	"handbook/internal/urlpath"
)

// Redirects renders the redirects plugin's pages: each old page's address
// sends the reader to the new one, keeping the anchor they came with (or
// the one the redirect names), with redirect.html. They are in no nav,
// sitemap or search index.
func (s *Site) Redirects() ([]File, diag.List) {
	var files []File
	var diags diag.List
	maps := s.Config.Plugins.Redirects
	froms := make([]string, 0, len(maps))
	for from := range maps {
		froms = append(froms, from)
	}
	slices.Sort(froms)
	for _, from := range froms {
		to := maps[from]
		url := s.pageURL(from)
		if p := s.Site.Page(from); p != nil {
			diags.Warnf(s.Config.Path, 0, 0, "redirect", "redirect_maps: %s is a page of the site; its redirect is not written", from)
			continue
		}
		target, ok := s.redirectTarget(url, to)
		if !ok {
			diags.Warnf(s.Config.Path, 0, 0, "redirect", "redirect_maps: %s redirects to %s, which is not a page of the site", from, to)
			continue
		}
		out, err := s.Theme.Content(render.RedirectTemplate, render.RedirectPage{Target: target, Lang: s.Data.Lang})
		if err != nil {
			diags.Errorf("theme/templates/"+render.RedirectTemplate, 0, 0, "theme", "rendering the redirect of %s: %v", from, err)
			continue
		}
		files = append(files, File{Path: urlpath.OutPath(url), Data: []byte(out)})
	}
	return files, diags
}

// pageURL is the URL a page at docs-relative path src has.
func (s *Site) pageURL(src string) string {
	if s.Config.UseDirectoryURLs != nil && !*s.Config.UseDirectoryURLs {
		return urlpath.Page(src, false)
	}
	return urlpath.Page(src, true)
}

// redirectTarget is where a redirect from the page at site URL from
// sends the reader: a full URL as it is, or a page of the site (a docs
// path with an optional #anchor) relative to from.
func (s *Site) redirectTarget(from, to string) (string, bool) {
	if strings.Contains(to, "://") || strings.HasPrefix(to, "//") {
		return to, true
	}
	file, anchor, _ := strings.Cut(to, "#")
	file = strings.TrimPrefix(file, "/")
	p := s.Site.Page(file)
	if p == nil {
		return "", false
	}
	u := urlpath.Rel(from, p.URL)
	if u == "" {
		u = "./"
	}
	if anchor != "" {
		u += "#" + anchor
	}
	return u, true
}
