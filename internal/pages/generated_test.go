package pages_test

import (
	"html"
	"strings"
	"testing"

	"handbook/internal/build"
	"handbook/internal/project"
	"handbook/internal/sitetest"
)

// The pages the build generates (levels, tags, 404) are theme templates:
// the default ones write the expected markup, and a site's own
// theme/templates/ file of the same name replaces each.
func TestGeneratedPagesAreThemeTemplates(t *testing.T) {
	site := `
-- mkdocs.yml --
site_name: T
plugins: [search, tags]
-- docs/index.md --
---
tags: [Zeta, Alpha]
---
# Home
-- docs/guide.md --
---
tags: [Alpha]
levels: [L6]
---
# Guide

## L7 Only here

Text.
`
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, site)
	res := build.Run(build.Options{Source: dir})
	if !res.OK() {
		t.Fatal(res.Diags)
	}
	for file, want := range map[string]string{
		"tags/index.html":      "<h2 id=\"alpha\">Alpha</h2>\n<ul>\n<li><a href=\"../\">Home</a></li>\n<li><a href=\"../guide/\">Guide</a></li>\n</ul>\n<h2 id=\"zeta\">Zeta</h2>\n<ul>\n<li><a href=\"../\">Home</a></li>\n</ul>\n",
		"404.html":             "<p>There is no page at this address. It may have moved: try the search, the navigation, or <a href=\"/\">the home page</a>.</p>\n",
		"levels/index.html":    "<tr><td><a href=\"l6/\"><span class=\"hb-badge hb-badge--l6\">L6</span></a></td><td>" + html.EscapeString(project.DefaultLevels[0].Name) + "</td>",
		"levels/l7/index.html": "<h2 id=\"group-pages\">Pages</h2>\n<ul class=\"hb-level-list\">\n<li><a href=\"../../guide/\">Guide</a><span class=\"hb-summary\">Text.</span>\n<ul>\n<li><a href=\"../../guide/#l7-only-here\">L7 Only here</a><span class=\"hb-summary\">Text.</span></li>\n</ul></li>\n</ul>\n",
	} {
		if got := string(res.Files[file]); !strings.Contains(got, want) {
			t.Errorf("%s does not contain\n%s\n--- it is:\n%s", file, want, got)
		}
	}

	sitetest.WriteTxtar(t, dir, `
-- theme/templates/tags.html --
<p>OWN TAGS {{len .Tags}}</p>
-- theme/templates/404.html --
<p>OWN 404 {{.Home}}</p>
-- theme/templates/level.html --
<p>OWN LEVEL {{.Level.ID}}</p>
-- theme/templates/levels.html --
<p>OWN LEVELS {{len .Levels}}</p>
`)
	res = build.Run(build.Options{Source: dir})
	if !res.OK() {
		t.Fatal(res.Diags)
	}
	for file, want := range map[string]string{
		"tags/index.html":      "<p>OWN TAGS 2</p>",
		"404.html":             "<p>OWN 404 /</p>",
		"levels/l6/index.html": "<p>OWN LEVEL L6</p>",
		"levels/index.html":    "<p>OWN LEVELS 2</p>",
	} {
		if got := string(res.Files[file]); !strings.Contains(got, want) {
			t.Errorf("%s: the site's template was not used (want %q)", file, want)
		}
	}
}

// Tags that differ only in case come out in the same order on every build
// (they used to follow map iteration order).
func TestTagsDifferingInCaseAreOrdered(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- mkdocs.yml --\nsite_name: T\nplugins: [tags]\n-- docs/index.md --\n---\ntags: [go, Go, GO]\n---\n# Home\n")
	for range 20 {
		res := build.Run(build.Options{Source: dir})
		page := string(res.Files["tags/index.html"])
		a, b, c := strings.Index(page, ">GO</h2>"), strings.Index(page, ">Go</h2>"), strings.Index(page, ">go</h2>")
		if a < 0 || !(a < b && b < c) {
			t.Fatalf("tags out of order (GO %d, Go %d, go %d)", a, b, c)
		}
	}
}

// A page tagged with every level is for everyone: no level page lists it.
func TestLevelPagesSkipPagesForEveryLevel(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n# Home\n-- content/both.md --\n---\nlevels: [L6, L7]\n---\n# Shared page\n-- content/six.md --\n---\nlevels: [L6]\n---\n# Six only\n")
	res := build.Run(build.Options{Source: dir})
	if !res.OK() {
		t.Fatal(res.Diags)
	}
	l6 := string(res.Files["levels/l6/index.html"])
	l6 = l6[strings.Index(l6, "<article"):strings.Index(l6, "</article>")] // not the nav
	if !strings.Contains(l6, "Six only") || strings.Contains(l6, "Shared page") {
		t.Errorf("L6 page should list the L6-only page and not the page for every level:\n%s", l6)
	}
}
