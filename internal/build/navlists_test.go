package build

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"handbook/internal/sitetest"
)

// navOf is the sidebar's HTML in a built page.
func navOf(t *testing.T, page []byte) string {
	t.Helper()
	s := string(page)
	from, to := strings.Index(s, `<nav class="hb-nav"`), strings.Index(s, "</nav>\n</aside>")
	if from < 0 || to < from {
		t.Fatalf("no nav in\n%s", s)
	}
	return s[from:to]
}

var navLink = regexp.MustCompile(`<li[^>]*><a href="([^"]*)"( aria-current="page")?>([^<]*)</a>`)

// navTitles lists the titles of a nav's links, the current one starred.
func navTitles(nav string) []string {
	var out []string
	for _, m := range navLink.FindAllStringSubmatch(nav, -1) {
		out = append(out, m[3]+strings.Repeat("*", len(m[2])/len(` aria-current="page"`)))
	}
	return out
}

// TestNavListsCutLongLists: with nav_list_limit 10, the top level (3 + 12
// entries) and many/ (14 pages) are cut to windows of 5 around the page's
// entry, with "more" items leading to nav/; nav/ lists the whole nav, is
// in the sitemap, and each cut list is in a file of its own, which the
// service worker fetches first; every page loads the script that puts
// the whole lists in place.
func TestNavListsCutLongLists(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, sitetest.LongNav("nav_list_limit: 10\n", 12, 14))
	res := Run(Options{Source: dir, BaseURL: "https://example.org/"})
	if !res.OK() {
		t.Fatal(res.Diags)
	}
	// The top level: Home, Many, Top 00…Top 11, Levels.
	nav := navOf(t, res.Files["many/p07/index.html"])
	want := []string{"Home", "Many", "5 more entries", "Many 05", "Many 06", "Many 07*", "Many 08", "Many 09", "4 more entries", "Top 00", "Top 01", "Top 02", "10 more entries"}
	if got := navTitles(nav); !slices.Equal(got, want[:]) {
		t.Errorf("many/p07's nav:\n%q\nwant\n%q\n%s", got, want, nav)
	}
	for _, s := range []string{
		`<ul data-hb-list="../../nav/list-top.html" data-hb-from="0">`,
		`<ul data-hb-list="../../nav/list-1.html" data-hb-from="5">`,
		`<li class="hb-nav__more"><a href="../../nav/#hb-list-1">4 more entries</a></li>`,
	} {
		if !strings.Contains(nav, s) {
			t.Errorf("many/p07's nav lacks %s:\n%s", s, nav)
		}
	}
	if got := navTitles(navOf(t, res.Files["top-11/index.html"])); !slices.Equal(got, []string{"10 more entries", "Top 08", "Top 09", "Top 10", "Top 11*", "Levels"}) {
		t.Errorf("the last page's nav: %q", got)
	}

	whole := string(res.Files["nav/list-1.html"])
	if n := strings.Count(whole, "</li>"); n != 14 || !strings.Contains(whole, `<a href="../many/p00/">Many 00</a>`) || strings.Contains(whole, "more") {
		t.Errorf("nav/list-1.html has %d entries, want many/'s 14, seen from nav/:\n%s", n, whole)
	}
	if n := strings.Count(string(res.Files["nav/list-top.html"]), `</li>`); n != 15 {
		t.Errorf("nav/list-top.html has %d entries, want 15", n)
	}
	all := string(res.Files["nav/index.html"])
	for _, s := range []string{`<ul class="hb-navpage" id="hb-list-top">`, `<ul id="hb-list-1">`, `<a href="../many/p13/">Many 13</a>`, `<a href="../top-11/">Top 11</a>`, "<title>All pages · Long nav</title>"} {
		if !strings.Contains(all, s) {
			t.Errorf("nav/index.html lacks %s", s)
		}
	}
	if !strings.Contains(string(res.Files["sitemap.xml"]), "<loc>https://example.org/nav/</loc>") {
		t.Errorf("nav/ is not in the sitemap:\n%s", res.Files["sitemap.xml"])
	}
	sw := string(res.Files["sw.js"])
	if i := strings.Index(sw, `"nav/list-top.html"`); i < 0 || i > strings.Index(sw, `"many/p00/"`) {
		t.Errorf("sw.js does not cache the cut lists before the pages:\n%.600s", sw)
	}
	var scripts []string
	for name := range res.Files {
		if strings.HasPrefix(name, "assets/optional/") {
			scripts = append(scripts, name)
		}
	}
	if len(scripts) != 2 {
		t.Fatalf("optional assets %v, want the nav lists' script and stylesheet", scripts)
	}
	for _, page := range []string{"index.html", "many/p07/index.html", "nav/index.html", "404.html"} {
		for _, s := range scripts {
			if !strings.Contains(string(res.Files[page]), "assets/optional/") || !strings.Contains(string(res.Files[page]), s[len("assets/optional/"):]) {
				t.Errorf("%s does not load %s", page, s)
			}
		}
	}
}

// TestNavListURLTaken: a page at nav/ or a file at nav/list-top.html is
// reported at the file, and every list is then shown whole.
func TestNavListURLTaken(t *testing.T) {
	for name, file := range map[string]string{
		"content/nav.md":            "-- content/nav.md --\n---\ntitle: Navigating\n---\n# Navigating\n",
		"content/nav/list-top.html": "-- content/nav/list-top.html --\n<p>mine</p>\n",
	} {
		dir := t.TempDir()
		sitetest.WriteTxtar(t, dir, sitetest.LongNav("nav_list_limit: 10\nstrict: false\n", 12, 3)+file)
		res := Run(Options{Source: dir})
		var found []string
		for _, d := range res.Diags {
			if d.Code == "nav-list" {
				found = append(found, d.String())
			}
		}
		if len(found) != 1 || !strings.HasPrefix(found[0], name+":") || !strings.Contains(found[0], "nav_list_limit (10)") {
			t.Errorf("%s: diagnostics %q, want one at the file", name, found)
		}
		if nav := navOf(t, res.Files["top-05/index.html"]); strings.Contains(nav, "more entries") || strings.Contains(nav, "data-hb-list") || !strings.Contains(nav, ">Top 11</a>") {
			t.Errorf("%s: the lists are cut:\n%s", name, nav)
		}
		if _, ok := res.Files["nav/list-top.html"]; ok && name != "content/nav/list-top.html" {
			t.Errorf("%s: nav/list-top.html written", name)
		}
		if got := string(res.Files["nav/list-top.html"]); name == "content/nav/list-top.html" && got != "<p>mine</p>\n" {
			t.Errorf("the site's own nav/list-top.html is %q", got)
		}
	}
}

// TestNavListsShortSiteUnchanged: a site whose lists are all within the
// limit (here 15 entries, the limit) builds the same files as with the
// windows turned off, with none of theirs.
func TestNavListsShortSiteUnchanged(t *testing.T) {
	build := func(config string) map[string][]byte {
		dir := t.TempDir()
		sitetest.WriteTxtar(t, dir, sitetest.LongNav(config, 12, 3))
		res := Run(Options{Source: dir, BaseURL: "https://example.org/"})
		if !res.OK() {
			t.Fatal(res.Diags)
		}
		return res.Files
	}
	limited, off := build("nav_list_limit: 15\n"), build("nav_list_limit: 0\n")
	names := slices.Sorted(maps.Keys(limited))
	if !slices.Equal(names, slices.Sorted(maps.Keys(off))) {
		t.Fatalf("the files differ:\n%v\n%v", names, slices.Sorted(maps.Keys(off)))
	}
	for _, name := range names {
		if strings.HasPrefix(name, "nav/") || strings.HasPrefix(name, "assets/optional/") {
			t.Errorf("%s written", name)
		}
		if string(limited[name]) != string(off[name]) {
			t.Errorf("%s differs", name)
		}
	}
}
