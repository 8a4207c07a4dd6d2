package build

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"handbook/internal/markdown"
	"handbook/internal/sitetest"
)

// TestSiteFixtures builds each testdata/sites/*.txtar and checks the
// expected fragments of its want/ files.
func TestSiteFixtures(t *testing.T) {
	files, _ := filepath.Glob("testdata/sites/*.txtar")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			a := txtar.Parse(data)
			var inputs txtar.Archive
			wants := map[string][]byte{}
			for _, file := range a.Files {
				if strings.HasPrefix(file.Name, "want/") {
					wants[strings.TrimPrefix(file.Name, "want/")] = file.Data
				} else {
					inputs.Files = append(inputs.Files, file)
				}
			}
			sitetest.WriteTxtar(t, dir, string(txtar.Format(&inputs)))
			res := Run(Options{Source: dir})
			if !res.OK() {
				t.Fatalf("build failed: %v", res.Diags)
			}
			for name, want := range wants {
				got, ok := res.Files[name]
				if !ok {
					t.Errorf("no output %s (have %d files)", name, len(res.Files))
					continue
				}
				for _, line := range strings.Split(strings.TrimSpace(string(want)), "\n") {
					if line == "" {
						continue
					}
					if strings.HasPrefix(line, "!") {
						if bytes.Contains(got, []byte(line[1:])) {
							t.Errorf("%s contains %q", name, line[1:])
						}
						continue
					}
					if !bytes.Contains(got, []byte(line)) {
						t.Errorf("%s lacks %q", name, line)
					}
				}
			}
			for name := range res.Files {
				if strings.Contains(name, "hidden") {
					t.Errorf("dotfile was built: %s", name)
				}
			}
		})
	}
}

// seedSite is a site holding page (the project's damaged page, or the
// shared seed page in the extra tests) at experiences/failure-case-studies.md
// beside the pages it links to.
func seedSite(t *testing.T, seed []byte) string {
	t.Helper()
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, `
-- handbook.yaml --
# The handbook's levels (a project without any has none).
levels:
  - id: L6
    name: Software Development Manager (SDM)
  - id: L7
    name: Senior Software Development Manager (Senior SDM)
-- content/index.md --
# Handbook
-- content/experiences/success-templates.md --
# Success Templates
-- content/experiences/question-database.md --
# Question Database
-- content/practice/self-assessment.md --
# Self-Assessment
`)
	if err := os.WriteFile(filepath.Join(dir, "content/experiences/failure-case-studies.md"), seed, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestPageLinksResolveUnderSubPathAndRoot builds a handbook page beside
// its link targets and follows every internal href and src of the output.
func TestPageLinksResolveUnderSubPathAndRoot(t *testing.T) {
	checkLinksResolve(t, sitetest.DamagedPage)
}

func TestExtraSeedLinksResolveUnderSubPathAndRoot(t *testing.T) {
	checkLinksResolve(t, sitetest.SharedSeed(t))
}

func checkLinksResolve(t *testing.T, page []byte) {
	dir := seedSite(t, page)
	for _, c := range []struct{ baseURL, prefix string }{
		{"https://example.org/repo/", "/repo/"},
		{"", "/"},
		{"https://example.org/", "/"},
	} {
		res := Run(Options{Source: dir, BaseURL: c.baseURL})
		if !res.OK() {
			t.Fatalf("build failed: %v", res.Diags)
		}
		out := filepath.Join(t.TempDir(), "public")
		sitetest.WriteFiles(t, out, res.Files)
		broken, visited := sitetest.Crawl(t, out, c.prefix, "no/such/page/")
		for _, b := range broken {
			t.Errorf("base %q: %s links to %s: %s", c.baseURL, b.Page, b.Link, b.Problem)
		}
		if len(visited) < 8 {
			t.Errorf("crawl visited only %v", visited)
		}
	}
}

// Heading ids are MkDocs': the emoji are damaged (Mac Roman mojibake) and
// MkDocs slugs the damaged text, so "üö®" leaves "uo" behind.
func TestPageHeadingIDsMatchMkDocs(t *testing.T) {
	checkHeadingIDs(t, sitetest.DamagedPage, "damaged-page-its-repairs", "uo-real-l6l7-loop-debriefs")
}

func TestExtraSeedHeadingIDsMatchMkDocs(t *testing.T) {
	checkHeadingIDs(t, sitetest.SharedSeed(t), "failure-case-studies-learning-opportunities", "uo-real-amazon-l6l7-rejection-analysis")
}

func checkHeadingIDs(t *testing.T, src []byte, ids ...string) {
	dir := seedSite(t, src)
	res := Run(Options{Source: dir})
	page := string(res.Files["experiences/failure-case-studies/index.html"])
	for _, id := range append(ids,
		"background-profile", "background-profile_1", "background-profile_2",
		"round-1-technical-architecture-90-minutes",
	) {
		if !strings.Contains(page, `id="`+id+`"`) {
			t.Errorf("no heading id %q", id)
		}
	}
}

func TestDeterministic(t *testing.T) {
	dir := seedSite(t, sitetest.DamagedPage)
	a := Run(Options{Source: dir, BaseURL: "https://example.org/repo/"})
	b := Run(Options{Source: dir, BaseURL: "https://example.org/repo/"})
	if len(a.Files) != len(b.Files) {
		t.Fatalf("file counts differ: %d vs %d", len(a.Files), len(b.Files))
	}
	for name, data := range a.Files {
		if !bytes.Equal(data, b.Files[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

func TestFailedBuildLeavesPreviousOutput(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n# Home\n\n[ok](other.md)\n-- content/other.md --\n# Other\n")
	out := filepath.Join(dir, "public")
	res := Run(Options{Source: dir})
	if !res.OK() {
		t.Fatal(res.Diags)
	}
	sitetest.WriteFiles(t, out, res.Files)
	before, _ := os.ReadFile(filepath.Join(out, "index.html"))
	// Break the site: a link to a missing page fails the build.
	os.WriteFile(filepath.Join(dir, "content/index.md"), []byte("# Home\n\n[gone](missing.md)\n"), 0o644)
	res = Run(Options{Source: dir})
	if res.OK() {
		t.Fatal("build with a broken link succeeded")
	}
	after, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !bytes.Equal(before, after) {
		t.Fatal("failed build changed the previous output")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") || strings.Contains(e.Name(), ".old-") {
			t.Errorf("left behind %s", e.Name())
		}
	}
}

func TestBadInputReportedNotPanicking(t *testing.T) {
	dir := t.TempDir()
	big := strings.Repeat("word ", 2_000_000) // 10 MB
	nested := strings.Repeat("  ", 0)
	for i := 0; i < 500; i++ {
		nested += strings.Repeat("  ", i) + "- item\n"
	}
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n# Home\n-- content/badfm.md --\n---\ntitle: [unclosed\n---\n# X\n-- content/types.md --\n---\nweight: heavy\nlevels: [L9]\n---\n# Y\n")
	os.WriteFile(filepath.Join(dir, "content/binary.md"), []byte("# Bin\n\xff\xfe\x00 nul \x01 ctl\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "content/big.md"), []byte("# Big\n\n"+big), 0o644)
	os.WriteFile(filepath.Join(dir, "content/nested.md"), []byte("# Nested\n\n"+nested), 0o644)
	res := Run(Options{Source: dir})
	if res.OK() {
		t.Fatal("bad input built without errors")
	}
	want := []string{
		"content/badfm.md:2:",
		"content/types.md:2:1: front-matter field \"weight\": must be an integer",
		"content/types.md:3:1: unknown level \"L9\"",
		"content/binary.md:2:1: invalid UTF-8 byte 0xff",
		"content/binary.md:2:3: warning: NUL character",
	}
	var all []string
	for _, d := range res.Diags {
		all = append(all, d.String())
	}
	joined := strings.Join(all, "\n")
	for _, w := range want {
		if !strings.Contains(joined, w) {
			t.Errorf("diagnostics lack %q:\n%s", w, joined)
		}
	}
	if _, ok := res.Files["big/index.html"]; !ok {
		t.Error("the 10 MB page was not rendered")
	}
}

func TestMissingContentFolder(t *testing.T) {
	res := Run(Options{Source: t.TempDir()})
	if res.OK() || len(res.Diags) == 0 || !strings.Contains(res.Diags[0].String(), "content folder") {
		t.Fatalf("want a clear error, got %v", res.Diags)
	}
}

// TestNavDoesNotGrowWithOtherBranches: a page's nav holds its own branch and
// the top-level entries, so pages added to another section leave it alone.
func TestNavDoesNotGrowWithOtherBranches(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n# Home\n-- content/a/index.md --\n# A\n-- content/a/one.md --\n# One\n-- content/b/index.md --\n# B\n-- content/b/p0.md --\n# P0\n")
	navOf := func() int {
		res := Run(Options{Source: dir})
		if !res.OK() {
			t.Fatal(res.Diags)
		}
		html := string(res.Files["a/one/index.html"])
		start := strings.Index(html, `<nav class="hb-nav"`)
		return strings.Index(html[start:], "</nav>")
	}
	before := navOf()
	for i := 1; i <= 200; i++ {
		os.WriteFile(filepath.Join(dir, "content", "b", fmt.Sprintf("p%d.md", i)), []byte(fmt.Sprintf("# P%d\n", i)), 0o644)
	}
	if after := navOf(); after != before {
		t.Errorf("nav of a page in a/ grew from %d to %d bytes when b/ got 200 pages", before, after)
	}
}

func TestFirstSentence(t *testing.T) {
	long := "This is the first sentence of a long section. " + strings.Repeat("More words follow here. ", 200)
	cases := map[string]string{
		"A short one. Second.":             "A short one.",
		"  Spaces   inside\nlines here. X": "Spaces inside lines here.",
		long:                               "This is the first sentence of a long section.",
		"No full stop at all":              "No full stop at all",
		strings.Repeat("é", 600):           strings.Repeat("é", 100) + "…",
	}
	for in, want := range cases {
		if got := markdown.FirstSentence(in); got != want {
			t.Errorf("FirstSentence(%.30q…) = %q, want %q", in, got, want)
		}
	}
}
