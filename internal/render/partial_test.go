package render

import (
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handbook/theme"
)

// TestSiteOnlyTemplates holds the walk that tells which templates' output
// partial may keep: those reading no more of a page than .Site and .Root.
func TestSiteOnlyTemplates(t *testing.T) {
	for src, want := range map[string]bool{
		`{{.Site.Title}} {{.Root}}`: true,
		`{{with .Site.RepoURL}}<a href="{{.}}">{{$.Site.RepoName}}</a>{{end}}`: true,
		`{{range $i, $s := .Site.Schemes}}{{$i}}{{$s.Kind}}{{.Kind}}{{end}}`:   true,
		`{{(index .Site.Schemes 0).ToggleName}}{{icon "menu"}}`:                true,
		`{{asset .Root .Site.Logo}}{{template "site" .}}`:                      true,
		`{{template "site" .Site}}{{template "any" .Site}}`:                    true,
		`{{.Title}}`:  false,
		`{{$.Title}}`: false,
		`{{if .Site.Title}}{{else}}{{.Nav}}{{end}}`: false,
		`{{with .Site.Title}}{{$.Kind}}{{end}}`:     false,
		`{{$p := .}}{{$p.Site.Title}}`:              false,
		`{{stylesheetLinks .}}`:                     false,
		`{{template "any" .}}`:                      false,
		`{{template "missing" .}}`:                  false,
		`{{with $}}{{.Site.Title}}{{end}}`:          false,
	} {
		set := template.Must(template.New("").Funcs(funcs).Parse(`{{define "site"}}{{.Site.Title}}{{end}}{{define "any"}}{{.Title}}{{end}}`))
		template.Must(set.New("t").Parse(src))
		if got := siteOnlyTemplates(set)["t"]; got != want {
			t.Errorf("%s: site only %v, want %v", src, got, want)
		}
	}
	th, diags := LoadTheme("", "")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if !th.siteOnly("header") || !th.siteOnly("footer") || th.siteOnly("page.html") || th.siteOnly("sidebar") {
		t.Errorf("the theme's site-only templates: %v", th.siteOnlyOf)
	}
}

// TestPartialsFollowThePageAndSite: a site's own header that shows the
// page's title shows each page's; the kept header and footer are those of
// the page's root and site.
func TestPartialsFollowThePageAndSite(t *testing.T) {
	partials, err := theme.FS.ReadFile("templates/partials.html")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	own := strings.Replace(string(partials), `<header class="hb-header">`, `<header class="hb-header" data-page="{{.Title}}">`, 1)
	if err := os.MkdirAll(filepath.Join(dir, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "templates", "partials.html"), []byte(own), 0o644); err != nil {
		t.Fatal(err)
	}
	overridden, diags := LoadTheme(dir, "")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for _, title := range []string{"One", "Two"} {
		d := benchPageData()
		d.Title = title
		out, err := overridden.Page(d)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(out), `data-page="`+title+`"`) {
			t.Errorf("the site's header on page %s does not show its title", title)
		}
	}

	th, diags := LoadTheme("", "")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for _, c := range []struct{ site, root string }{{"Alpha", "../"}, {"Alpha", "../../"}, {"Beta", "../"}, {"Alpha", "../"}} {
		d := benchPageData()
		d.Site.Title, d.Root = c.site, c.root
		out, err := th.Page(d)
		if err != nil {
			t.Fatal(err)
		}
		header := `<a class="hb-site-title" href="` + c.root + `">` + c.site + `</a>`
		footer := `<p>` + c.site + ` · <a href="` + c.root + `print/">Print the handbook</a>`
		if !strings.Contains(string(out), header) || !strings.Contains(string(out), footer) {
			t.Errorf("site %s, root %s: header or footer of another page:\n%s", c.site, c.root, out)
		}
	}
}
