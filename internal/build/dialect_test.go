package build

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"handbook/internal/sitetest"
)

var (
	tagRe    = regexp.MustCompile(`(?s)<pre.*?</pre>|<code.*?</code>|<script.*?</script>|<style.*?</style>|<[^>]*>`)
	markerRe = regexp.MustCompile(`(?m)^\s*(!!!|\?\?\?\+?|===[+!]?)\s|\+\+[a-z]|==[A-Za-z]`)
)

// A handbook page's admonitions render as their type and title, and no
// dialect marker is left in its text outside code: the project's damaged
// page, and the seed page of ../shared as an extra.
func TestPageRendersEveryAdmonition(t *testing.T) {
	checkAdmonitions(t, sitetest.DamagedPage)
}

func TestExtraSeedRendersEveryAdmonition(t *testing.T) {
	checkAdmonitions(t, sitetest.SharedSeed(t))
}

func checkAdmonitions(t *testing.T, src []byte) {
	dir := seedSite(t, src)
	res := Run(Options{Source: dir})
	if !res.OK() {
		t.Fatal(res.Diags)
	}
	page := string(res.Files["experiences/failure-case-studies/index.html"])
	adm := regexp.MustCompile(`(?m)^!!! (\w+)(?: "([^"]*)")?$`).FindAllStringSubmatch(string(src), -1)
	if len(adm) == 0 {
		t.Fatal("the seed page has no admonitions?")
	}
	for _, m := range adm {
		title := m[2]
		if title == "" { // no title: the type, capitalised
			title = strings.ToUpper(m[1][:1]) + m[1][1:]
		}
		want := `<div class="admonition ` + m[1] + `">` + "\n" + `<p class="admonition-title">` + htmlEscape(title) + `</p>`
		if !strings.Contains(page, want) {
			t.Errorf("admonition %s %q not rendered as %q", m[1], m[2], want)
		}
	}
	article := page[strings.Index(page, `<article`):strings.Index(page, `</article>`)]
	text := tagRe.ReplaceAllString(article, "\n")
	if loc := markerRe.FindStringIndex(text); loc != nil {
		t.Errorf("dialect marker left in the text: %q", text[max(0, loc[0]-40):min(len(text), loc[1]+40)])
	}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;").Replace(s)
}

// TestLastUpdatedFromGit: pages show the date of their last commit, and the
// sitemap carries it; outside a git checkout the dates are silently absent.
func TestLastUpdatedFromGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n# Home\n-- content/a.md --\n# A\n")
	res := Run(Options{Source: dir, BaseURL: "https://example.org/"})
	if strings.Contains(string(res.Files["a/index.html"]), "Last updated") || strings.Contains(string(res.Files["sitemap.xml"]), "<lastmod>") {
		t.Fatal("dates outside a git checkout")
	}
	git := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE=2024-03-05T10:00:00Z", "GIT_COMMITTER_DATE=2024-03-05T10:00:00Z",
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-qm", "first")
	res = Run(Options{Source: dir, BaseURL: "https://example.org/"})
	if !strings.Contains(string(res.Files["a/index.html"]), `Last updated <time datetime="2024-03-05">2024-03-05</time>`) {
		t.Error("no last-updated date on the page")
	}
	if !strings.Contains(string(res.Files["sitemap.xml"]), "<lastmod>2024-03-05</lastmod>") {
		t.Errorf("no lastmod in the sitemap:\n%s", res.Files["sitemap.xml"])
	}
}
