package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/sitetest"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestBuildSummaryAndOutput(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n# Home\n-- content/a.md --\n# A\n-- content/pic.png --\nx\n")
	code, out, errOut := run(t, "build", "--source", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "built 2 pages, 1 assets in ") || !strings.Contains(out, filepath.Join(dir, "public")) {
		t.Errorf("summary: %q", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "a", "index.html")); err != nil {
		t.Error(err)
	}
}

// A handbook page whose link targets are missing: the build reports each
// broken link at its line and column and writes nothing. The project's
// damaged page, and the seed page of ../shared as an extra.
func TestPageWithoutTargetsReportsThreeBrokenLinks(t *testing.T) {
	checkThreeBrokenLinks(t, sitetest.DamagedPage, sitetest.DamagedLinksLine, 55, 99)
}

func TestExtraSeedWithoutTargetsReportsThreeBrokenLinks(t *testing.T) {
	checkThreeBrokenLinks(t, sitetest.SharedSeed(t), 920, 55, 99)
}

func checkThreeBrokenLinks(t *testing.T, page []byte, line, col2, col3 int) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content", "experiences"), 0o755)
	os.WriteFile(filepath.Join(dir, "content", "experiences", "failure-case-studies.md"), page, 0o644)
	code, _, errOut := run(t, "build", "--source", dir)
	if code == 0 {
		t.Fatal("build with broken links exited 0")
	}
	at := func(col int) string {
		return fmt.Sprintf("content/experiences/failure-case-studies.md:%d:%d: ", line, col)
	}
	for _, want := range []string{
		at(11) + `broken link "success-templates.md": no page content/experiences/success-templates.md`,
		at(col2) + `broken link "question-database.md"`,
		at(col3) + `broken link "../practice/self-assessment.md": no page content/practice/self-assessment.md`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("a failed build wrote public/")
	}
	// --warn-links turns them into warnings.
	code, _, errOut = run(t, "build", "--source", dir, "--warn-links")
	if code != 0 || !strings.Contains(errOut, "warning: broken link") {
		t.Errorf("--warn-links: exit %d, %s", code, errOut)
	}
	// With the targets the build succeeds.
	sitetest.WriteTxtar(t, dir, "-- content/experiences/success-templates.md --\n# S\n-- content/experiences/question-database.md --\n# Q\n-- content/practice/self-assessment.md --\n# P\n")
	code, _, errOut = run(t, "build", "--source", dir, "--force")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

// Links to footnotes and to code blocks, on the page and from another,
// resolve by the ids MkDocs gives them (a footnote's label, "fn:note"; a
// fence's "#id" in braces); a note that is not there is reported.
func TestCheckKnowsFootnoteAndCodeBlockIDs(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, `-- content/index.md --
# Home

A claim[^note], [the note](#fn:note), [its reference](#fnref:note),
[the other's](other.md#fn:7) and [none](other.md#fn:8), [code](other.md#listing).

[^note]: The note.
-- content/other.md --
# Other

Seven[^7].

`+"``` { .sh .no-copy #listing }\nls\n```"+`

[^7]: Its note.
`)
	code, out, _ := run(t, "check", "--source", dir)
	if code != 1 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	want := `content/index.md:4:34: broken link "other.md#fn:8": no heading with id "fn:8" in other.md (did you mean "#fn:7"?)`
	if !strings.Contains(out, want) || strings.Count(out, "broken link") != 1 {
		t.Errorf("want only %q:\n%s", want, out)
	}
}

func TestCheckFormats(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, `-- content/index.md --
# Home

See [the other page](other.md#nope) and [](other.md).

![](pic.png)

#### Skipped a level
-- content/other.md --
# Other

## Real heading
-- content/pic.png --
x
`)
	code, out, _ := run(t, "check", "--source", dir)
	if code != 1 {
		t.Fatalf("text: exit %d", code)
	}
	for _, want := range []string{
		`content/index.md:3:5: broken link "other.md#nope": no heading with id "nope" in other.md`,
		`content/index.md:3:41: warning: link "other.md" has no text`,
		`content/index.md:5:1: warning: image "pic.png" has no alt text`,
		`content/index.md:7:1: warning: heading level skipped: h4 after h1`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
	_, out, _ = run(t, "check", "--source", dir, "--format", "github")
	if !strings.Contains(out, "::error file=content/index.md,line=3,col=5,title=handbook broken-anchor::broken link") {
		t.Errorf("github output:\n%s", out)
	}
	_, out, _ = run(t, "check", "--source", dir, "--format", "json")
	var items []map[string]any
	if err := json.Unmarshal([]byte(out), &items); err != nil || len(items) < 4 {
		t.Fatalf("json output (%v):\n%s", err, out)
	}
	if items[0]["path"] != "content/index.md" || items[0]["severity"] != "error" {
		t.Errorf("first json item: %v", items[0])
	}
}

func TestCheckStrictAndNearestAnchor(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n---\ntitle: Home\ncolour: blue\n---\n[x](other.md#star-templat)\n-- content/other.md --\n# Other\n\n## STAR template\n")
	code, out, _ := run(t, "check", "--source", dir)
	if code != 1 || !strings.Contains(out, `(did you mean "#star-template"?)`) {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	os.WriteFile(filepath.Join(dir, "content/index.md"), []byte("---\ntitle: Home\ncolour: blue\n---\n[x](other.md#star-template)\n"), 0o644)
	code, out, _ = run(t, "check", "--source", dir)
	if code != 0 || !strings.Contains(out, `content/index.md:3:1: warning: unknown front-matter field "colour"`) {
		t.Fatalf("warnings only: exit %d:\n%s", code, out)
	}
	if code, _, _ = run(t, "check", "--source", dir, "--strict"); code != 1 {
		t.Fatalf("--strict with warnings: exit %d", code)
	}
}

func TestCheckFindsMojibake(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	os.WriteFile(filepath.Join(dir, "content", "index.md"), []byte("# Home\n\n‚úÖ done, Müller in São Paulo\n"), 0o644)
	_, out, _ := run(t, "check", "--source", dir)
	if !strings.Contains(out, `content/index.md:3:1: warning: mojibake "‚úÖ" should read "✅"`) {
		t.Errorf("mojibake not reported:\n%s", out)
	}
	if strings.Count(out, "mojibake") != 1 {
		t.Errorf("accented names flagged:\n%s", out)
	}
}

func TestUnknownCommandAndVersion(t *testing.T) {
	if code, _, errOut := run(t, "frobnicate"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Errorf("unknown command: %d %s", code, errOut)
	}
	if code, out, _ := run(t, "version"); code != 0 || !strings.HasPrefix(out, "handbook ") {
		t.Errorf("version: %d %q", code, out)
	}
	if code, out, _ := run(t, "help"); code != 0 || !strings.Contains(out, "build") {
		t.Errorf("help: %d %q", code, out)
	}
}

// handbook fix repairs a page's mojibake byte for byte: the project's
// damaged page, and the seed page of ../shared as an extra.
func TestFixRepairsPageByteForByte(t *testing.T) {
	checkFixByteForByte(t, sitetest.DamagedPage, sitetest.DamagedRepairs)
}

func TestExtraFixRepairsSeedByteForByte(t *testing.T) {
	checkFixByteForByte(t, sitetest.SharedSeed(t), sitetest.SeedRepairs)
}

func checkFixByteForByte(t *testing.T, src []byte, repairs []string) {
	dir := t.TempDir()
	p := filepath.Join(dir, "content", "failure-case-studies.md")
	os.MkdirAll(filepath.Dir(p), 0o755)
	os.WriteFile(p, src, 0o644)
	code, out, errOut := run(t, "fix", "--include-code", p)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got, _ := os.ReadFile(p)
	// Expected: every damaged sequence turned back into the character it
	// was, every other byte as it was.
	if want := strings.NewReplacer(repairs...).Replace(string(src)); string(got) != want {
		gotLines, wantLines := strings.Split(string(got), "\n"), strings.Split(want, "\n")
		for i := range min(len(gotLines), len(wantLines)) {
			if gotLines[i] != wantLines[i] {
				t.Fatalf("line %d is\n%q\nwant\n%q", i+1, gotLines[i], wantLines[i])
			}
		}
		t.Fatalf("repaired file has %d lines, want %d", len(gotLines), len(wantLines))
	}
	if !strings.Contains(out, "fixed 1 file") {
		t.Errorf("output: %s", out)
	}
	// Running it again changes nothing.
	_, out, _ = run(t, "fix", "--include-code", p)
	again, _ := os.ReadFile(p)
	if string(again) != string(got) || !strings.Contains(out, "fixed 0 files") {
		t.Errorf("second fix changed the file: %s", out)
	}
}

func TestFixLeavesLegitimateTextAlone(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.md")
	text := "# Müller in São Paulo\n\nNaïve café, Ångström, £100 — “quoted” ✅\n"
	os.WriteFile(p, []byte(text), 0o644)
	run(t, "fix", p)
	if b, _ := os.ReadFile(p); string(b) != text {
		t.Errorf("legitimate text changed:\n%s", b)
	}
}

func TestNewRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := run(t, "new", "experiences/l6-hiring-bar.md", "--source", dir, "--kind", "case-study")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	p := filepath.Join(dir, "content", "experiences", "l6-hiring-bar.md")
	b, err := os.ReadFile(p)
	if err != nil || !strings.Contains(string(b), "L6") || !strings.Contains(out, "http://127.0.0.1:8000/experiences/l6-hiring-bar/") {
		t.Fatalf("created page: %v\n%s\n%s", err, b, out)
	}
	if code, _, errOut = run(t, "new", "experiences/l6-hiring-bar.md", "--source", dir); code == 0 || !strings.Contains(errOut, "l6-hiring-bar.md") {
		t.Fatalf("overwrite allowed: %d %s", code, errOut)
	}
	if after, _ := os.ReadFile(p); string(after) != string(b) {
		t.Fatal("file changed by refused new")
	}
	// The new page builds.
	if code, _, errOut = run(t, "build", "--source", dir); code != 0 {
		t.Fatalf("new page does not build: %s", errOut)
	}
}

func TestCheckEveryLinkAndLintKind(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, `-- handbook.yaml --
nav:
  - index.md
-- content/index.md --
# Home

[outside](../README.md) [gone](img/missing.png) [abs](/guide/) [q](guide/index.md?x=1#top)

<a href="guide/">raw</a> <img src="img/missing.svg" alt="x">

## Twice { #dup }

## Again { #dup }

Bad char: \x01 here.
-- content/guide/index.md --
# Guide

## Top
`)
	// Put a real control character in the page.
	p := filepath.Join(dir, "content", "index.md")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(b), `\x01`, "\x01", 1)), 0o644)
	_, out, _ := run(t, "check", "--source", dir)
	for _, want := range []string{
		`content/index.md:3:1: broken link "../README.md": it leaves the content folder`,
		`content/index.md:3:25: broken link "img/missing.png": no page or file content/img/missing.png`,
		`content/index.md:5:36: broken link "img/missing.svg": no page or file content/img/missing.svg`,
		`content/index.md:9:4: warning: duplicate id "dup" in this page`,
		`content/guide/index.md:1:1: warning: page is not reachable from the nav in handbook.yaml`,
		`content/index.md:11:11: warning: control character U+0001`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, `"/guide/"`) || strings.Contains(out, `guide/index.md?x=1#top"`) || strings.Contains(out, `"guide/"`) {
		t.Errorf("a valid link was reported:\n%s", out)
	}
	// The valid ones are rewritten: site-absolute made relative, query and anchor kept.
	os.WriteFile(p, []byte("# Home\n\n[abs](/guide/) [q](guide/index.md?x=1#top) <a href=\"guide/index.md\">raw</a>\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "handbook.yaml"), nil, 0o644)
	if code, _, errOut := run(t, "build", "--source", dir, "--base-url", "https://example.org/repo/"); code != 0 {
		t.Fatalf("build: %s", errOut)
	}
	home, _ := os.ReadFile(filepath.Join(dir, "public", "index.html"))
	for _, want := range []string{`<a href="guide/">abs</a>`, `<a href="guide/?x=1#top">q</a>`, `<a href="guide/">raw</a>`} {
		if !strings.Contains(string(home), want) {
			t.Errorf("home lacks %s", want)
		}
	}
}

// TestCodeBlockTheLexerFailsOn: chroma's Jungle lexer never finishes on an
// unterminated string. The build still succeeds, shows the block as plain
// text and says where it is; the other blocks are highlighted.
func TestCodeBlockTheLexerFailsOn(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n# Home\n\nText.\n\n```jungle\n\"unterminated\n'also\n```\n\n```python\nx = 1\n```\n")
	code, _, errOut := run(t, "build", "--source", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := "content/index.md:5:4: warning: the jungle lexer failed on this code block; it is shown as plain text"
	if !strings.Contains(errOut, want) {
		t.Errorf("stderr %q does not contain %q", errOut, want)
	}
	page, err := os.ReadFile(filepath.Join(dir, "public", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	jungle := html[strings.Index(html, `language-jungle`):strings.Index(html, `language-python`)]
	if !strings.Contains(jungle, "unterminated") || strings.Contains(jungle, "<span class=") {
		t.Errorf("the jungle block is not plain text:\n%s", jungle)
	}
	if !strings.Contains(html[strings.Index(html, `language-python`):], `<span class=`) {
		t.Error("the python block was not highlighted")
	}
}

// TestIconsInlinedAndUnknownIconsReported: a page inlines the icons it
// names, from any bundled set; a name that is no icon stays as text and
// is a warning at its place with the nearest names.
func TestIconsInlinedAndUnknownIconsReported(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n# Home\n\nSee :octicons-file-code-16: and :lucide-house:{ .big }.\n\n-- content/a.md --\n# A\n\nText :material-hart: here.\n")
	code, _, errOut := run(t, "build", "--source", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := "content/a.md:3:6: warning: icon :material-hart: does not exist (left as text); did you mean :material-cart:, :material-heart:?"
	if !strings.Contains(errOut, want) {
		t.Errorf("stderr %q does not contain %q", errOut, want)
	}
	home, err := os.ReadFile(filepath.Join(dir, "public", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(home), `<span class="twemoji`); n != 2 || !strings.Contains(string(home), `<span class="twemoji big"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="currentColor"`) {
		t.Errorf("home page has %d icons:\n%s", n, home)
	}
	a, err := os.ReadFile(filepath.Join(dir, "public", "a", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(a), "Text :material-hart: here.") || strings.Contains(string(a), `class="twemoji`) {
		t.Error("the unknown icon's text is not kept as it is")
	}
}
