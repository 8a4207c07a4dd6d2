// Package seo writes the files search engines look for at the site root:
// sitemap.xml (every page with its last-modified date) and robots.txt.
package seo

import (
	"bytes"
	"encoding/xml"
	"sort"
	"strings"
	"time"

	"handbook/internal/urlpath"
)

// Page is one entry of the sitemap.
type Page struct {
	URL     string    // site URL as urlpath builds it (encoded), e.g. "experiences/x/"; "" is the home page
	LastMod time.Time // zero means unknown: the <lastmod> element is omitted
}

// Sitemap returns a sitemap.xml (sitemaps.org protocol 0.9) listing pages as
// absolute URLs under baseURL (e.g. "https://user.github.io/repo/"), sorted,
// one entry per URL. Crawlers need absolute URLs, so with an empty baseURL
// the locations are root-relative ("/experiences/x/") and callers should
// rather not publish the file.
func Sitemap(baseURL string, pages []Page) []byte {
	entries := uniqueSortedEntries(baseURL, pages)
	var out bytes.Buffer
	out.WriteString(xml.Header)
	out.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, e := range entries {
		out.WriteString("  <url>\n    <loc>")
		_ = xml.EscapeText(&out, []byte(e.loc))
		out.WriteString("</loc>\n")
		if !e.lastMod.IsZero() {
			out.WriteString("    <lastmod>" + e.lastMod.UTC().Format(time.DateOnly) + "</lastmod>\n")
		}
		out.WriteString("  </url>\n")
	}
	out.WriteString("</urlset>\n")
	return out.Bytes()
}

// Robots returns a robots.txt that allows everything and, when baseURL is
// known, points at the sitemap. Crawlers only read robots.txt at the root of
// a host, so under a sub-path (GitHub project pages) it is informative only;
// the sitemap can still be submitted by hand.
func Robots(baseURL string) []byte {
	text := "User-agent: *\nAllow: /\n"
	if strings.TrimSpace(baseURL) != "" {
		text += "\nSitemap: " + absoluteURL(baseURL, "sitemap.xml") + "\n"
	}
	return []byte(text)
}

type entry struct {
	loc     string
	lastMod time.Time
}

// uniqueSortedEntries resolves every page against baseURL, merges pages that
// resolve to the same location (keeping the latest date) and sorts them, so
// the output does not depend on the order pages were found in.
func uniqueSortedEntries(baseURL string, pages []Page) []entry {
	byLoc := make(map[string]time.Time, len(pages))
	for _, p := range pages {
		loc := absoluteURL(baseURL, p.URL)
		if previous, seen := byLoc[loc]; !seen || p.LastMod.After(previous) {
			byLoc[loc] = p.LastMod
		}
	}
	entries := make([]entry, 0, len(byLoc))
	for loc, lastMod := range byLoc {
		entries = append(entries, entry{loc: loc, lastMod: lastMod})
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].loc < entries[j].loc })
	return entries
}

// absoluteURL joins baseURL (with or without its trailing slash) and a
// site URL (already encoded, see urlpath).
func absoluteURL(baseURL, siteURL string) string {
	base := strings.TrimRight(strings.TrimSpace(baseURL), "/") + "/"
	return urlpath.Abs(base, strings.TrimLeft(siteURL, "/"))
}
