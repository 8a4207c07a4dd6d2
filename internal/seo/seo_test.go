package seo

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"handbook/internal/urlpath"
)

func TestSitemapUnderASubPath(t *testing.T) {
	pages := []Page{
		{URL: "experiences/failure-case-studies/", LastMod: time.Date(2024, 3, 5, 23, 59, 0, 0, time.UTC)},
		{URL: ""},
		{URL: "questions/l6-hiring-bar/", LastMod: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)},
	}
	got := string(Sitemap("https://user.github.io/repo/", pages))
	want := `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url>
    <loc>https://user.github.io/repo/</loc>
  </url>
  <url>
    <loc>https://user.github.io/repo/experiences/failure-case-studies/</loc>
    <lastmod>2024-03-05</lastmod>
  </url>
  <url>
    <loc>https://user.github.io/repo/questions/l6-hiring-bar/</loc>
    <lastmod>2024-01-02</lastmod>
  </url>
</urlset>
`
	if got != want {
		t.Errorf("Sitemap =\n%s\nwant\n%s", got, want)
	}
}

func TestSitemapBaseURLWithoutTrailingSlashOrWithLeadingSlashInPage(t *testing.T) {
	got := string(Sitemap("https://example.org/docs", []Page{{URL: "/a/"}}))
	if !strings.Contains(got, "<loc>https://example.org/docs/a/</loc>") {
		t.Errorf("Sitemap did not join base and page with exactly one slash:\n%s", got)
	}
}

func TestSitemapEscapesURLsAndXML(t *testing.T) {
	got := string(Sitemap("https://example.org/a&b/", []Page{
		{URL: urlpath.Page("notes/café & tea.md", true)},
		{URL: urlpath.Page("100%.md", true)},
		{URL: urlpath.Page("what?#.md", true)},
	}))
	for _, want := range []string{
		"<loc>https://example.org/a&amp;b/notes/caf%C3%A9%20&amp;%20tea/</loc>",
		"<loc>https://example.org/a&amp;b/100%25/</loc>",
		"<loc>https://example.org/a&amp;b/what%3F%23/</loc>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Sitemap lacks %s:\n%s", want, got)
		}
	}
	assertWellFormed(t, []byte(got), 3)
}

func TestSitemapLastModIsTheUTCDate(t *testing.T) {
	// 01:30 on the 2nd in UTC+5 is still the 1st in UTC.
	when := time.Date(2024, 6, 2, 1, 30, 0, 0, time.FixedZone("UTC+5", 5*3600))
	got := string(Sitemap("https://example.org/", []Page{{URL: "p/", LastMod: when}}))
	if !strings.Contains(got, "<lastmod>2024-06-01</lastmod>") {
		t.Errorf("lastmod not the UTC date:\n%s", got)
	}
}

func TestSitemapIsDeterministicAndMergesDuplicates(t *testing.T) {
	older := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	newer := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	forward := []Page{{URL: "b/", LastMod: older}, {URL: "a/"}, {URL: "b/", LastMod: newer}}
	backward := []Page{forward[2], forward[1], forward[0]}
	a := string(Sitemap("https://example.org/", forward))
	b := string(Sitemap("https://example.org/", backward))
	if a != b {
		t.Errorf("output depends on page order:\n%s\n---\n%s", a, b)
	}
	if strings.Count(a, "<loc>https://example.org/b/</loc>") != 1 || !strings.Contains(a, "<lastmod>2024-01-01</lastmod>") {
		t.Errorf("duplicate URL not merged keeping the latest date:\n%s", a)
	}
	if strings.Index(a, "/a/<") > strings.Index(a, "/b/<") {
		t.Errorf("entries not sorted:\n%s", a)
	}
}

func TestSitemapWithoutPages(t *testing.T) {
	got := Sitemap("https://example.org/", nil)
	assertWellFormed(t, got, 0)
}

func TestRobots(t *testing.T) {
	got := string(Robots("https://user.github.io/repo/"))
	want := "User-agent: *\nAllow: /\n\nSitemap: https://user.github.io/repo/sitemap.xml\n"
	if got != want {
		t.Errorf("Robots =\n%q\nwant\n%q", got, want)
	}
	if got := string(Robots("https://user.github.io/repo")); got != want {
		t.Errorf("Robots without trailing slash =\n%q\nwant\n%q", got, want)
	}
}

func TestRobotsWithoutBaseURLHasNoSitemapLine(t *testing.T) {
	for _, base := range []string{"", "  "} {
		got := string(Robots(base))
		if got != "User-agent: *\nAllow: /\n" {
			t.Errorf("Robots(%q) = %q", base, got)
		}
	}
}

// urlset mirrors the sitemap schema, to parse the output back.
type urlset struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"url"`
}

func assertWellFormed(t *testing.T, doc []byte, wantURLs int) urlset {
	t.Helper()
	var parsed urlset
	if err := xml.Unmarshal(doc, &parsed); err != nil {
		t.Fatalf("sitemap is not well-formed XML: %v\n%s", err, doc)
	}
	if len(parsed.URLs) != wantURLs {
		t.Errorf("sitemap has %d URLs, want %d", len(parsed.URLs), wantURLs)
	}
	return parsed
}

func FuzzSitemap(f *testing.F) {
	f.Add("https://user.github.io/repo/", "experiences/x/", "a/b c/")
	f.Add("", "", "/")
	f.Add("https://e.org/<&>\"'", "\x00\xff%zz/", "]]>")
	f.Fuzz(func(t *testing.T, base, first, second string) {
		doc := Sitemap(base, []Page{{URL: first}, {URL: second, LastMod: time.Unix(0, 0)}})
		var parsed urlset
		if err := xml.Unmarshal(doc, &parsed); err != nil {
			t.Fatalf("not well-formed for base %q, pages %q %q: %v\n%s", base, first, second, err, doc)
		}
		if n := len(parsed.URLs); n < 1 || n > 2 {
			t.Fatalf("%d URLs for two pages", n)
		}
		_ = Robots(base)
	})
}
