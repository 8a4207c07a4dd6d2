package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"handbook/internal/sitetest"
)

// TestCrawlHandbookUnderSubPath serves the built handbook under /handbook/
// with a plain static file server, follows every href and src of every page
// (404.html included, as GitHub Pages serves it at any depth), and checks
// that the sitemap lists every page and nothing else.
func TestCrawlHandbookUnderSubPath(t *testing.T) {
	handbookSite(t)
	// A missing deep path gets 404.html, whose links must work from there.
	broken, visited := sitetest.Crawl(t, siteDir, prefix, "deep/missing/path/", "experiences/missing")
	for _, b := range broken {
		t.Errorf("%s → %s: %s", b.Page, b.Link, b.Problem)
	}
	var pages []string
	for _, v := range visited {
		// The printable pages repeat the others: they are left out of the sitemap.
		if v != "404.html" && !strings.HasPrefix(v, "print/") {
			pages = append(pages, v)
		}
	}
	sitemap, err := os.ReadFile(filepath.Join(siteDir, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, m := range regexp.MustCompile(`<loc>https://example\.org/handbook/([^<]*)</loc>`).FindAllStringSubmatch(string(sitemap), -1) {
		listed = append(listed, m[1])
	}
	sort.Strings(listed)
	if strings.Join(listed, "\n") != strings.Join(pages, "\n") {
		t.Errorf("sitemap lists:\n%s\n\ncrawl found pages:\n%s", strings.Join(listed, "\n"), strings.Join(pages, "\n"))
	}
	if len(pages) < 25 {
		t.Errorf("only %d pages reached", len(pages))
	}
}
