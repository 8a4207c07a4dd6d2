package snippets_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"handbook/internal/diag"
	"handbook/internal/markdown/abbr"
	"handbook/internal/markdown/snippets"
)

// tree writes files (name → content) under a new folder and returns it.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func expand(t *testing.T, src string, opts snippets.Options) *snippets.Expansion {
	t.Helper()
	return snippets.Expand([]byte(src), opts)
}

// only returns the single diagnostic of e, failing otherwise.
func only(t *testing.T, e *snippets.Expansion) diag.Diagnostic {
	t.Helper()
	if len(e.Diags) != 1 {
		t.Fatalf("want one diagnostic, got %v", e.Diags)
	}
	return e.Diags[0]
}

func TestOutsideBasePathIsAnErrorAndNotRead(t *testing.T) {
	dir := tree(t, map[string]string{"docs/snips/ok.md": "ok\n", "secret.md": "SECRET\n"})
	base := filepath.Join(dir, "docs", "snips")
	for _, name := range []string{"../../secret.md", "../../../../../../etc/passwd", filepath.Join(dir, "secret.md"), "sub/../../../secret.md"} {
		e := expand(t, "a\n\n--8<-- \""+name+"\"\n", snippets.Options{BasePaths: []string{base}})
		d := only(t, e)
		if d.Severity != diag.Error || d.Line != 3 || !strings.Contains(d.Message, "outside the base paths") {
			t.Errorf("%s: got %v", name, d)
		}
		if strings.Contains(string(e.Source), "SECRET") || strings.Contains(string(e.Source), "root:") || len(e.Files) != 0 {
			t.Errorf("%s: read outside the base path: %q %v", name, e.Source, e.Files)
		}
	}
	// The block form is checked the same way.
	e := expand(t, "--8<--\n../../secret.md\n--8<--\n", snippets.Options{BasePaths: []string{base}})
	if d := only(t, e); d.Line != 2 || strings.Contains(string(e.Source), "SECRET") {
		t.Errorf("block form: %v %q", d, e.Source)
	}
}

func TestSymlinkLeavingTheTreeIsRefused(t *testing.T) {
	dir := tree(t, map[string]string{"base/in.md": "inside\n", "secret.md": "SECRET\n"})
	base := filepath.Join(dir, "base")
	if err := os.Symlink(filepath.Join(dir, "secret.md"), filepath.Join(base, "link.md")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := os.Symlink(filepath.Join(base, "in.md"), filepath.Join(base, "alias.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dir, filepath.Join(base, "up")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"link.md", "up/secret.md"} {
		e := expand(t, "--8<-- \""+name+"\"\n", snippets.Options{BasePaths: []string{base}})
		d := only(t, e)
		if d.Severity != diag.Error || !strings.Contains(d.Message, "symbolic link") || strings.Contains(string(e.Source), "SECRET") {
			t.Errorf("%s: %v %q", name, d, e.Source)
		}
	}
	// A link that stays inside is fine.
	e := expand(t, "--8<-- \"alias.md\"\n", snippets.Options{BasePaths: []string{base}})
	if len(e.Diags) != 0 || string(e.Source) != "inside\n" {
		t.Errorf("link inside the tree: %v %q", e.Diags, e.Source)
	}
}

func TestCycleIsAnErrorAtTheIncludingLine(t *testing.T) {
	e := expand(t, "Page.\n\n--8<-- \"cycle-a.md\"\n", snippets.Options{BasePaths: []string{"testdata/snips"}})
	d := only(t, e)
	if d.Severity != diag.Error || d.Line != 3 {
		t.Errorf("got %v, want an error on line 3", d)
	}
	for _, want := range []string{"cycle", "cycle-a.md → cycle-b.md", "in snippet cycle-b.md:2"} {
		if !strings.Contains(d.Message, want) {
			t.Errorf("message %q lacks %q", d.Message, want)
		}
	}
	// What could be included still is.
	if got := string(e.Source); got != "Page.\n\nA includes B.\nB includes A.\n" {
		t.Errorf("source %q", got)
	}
	// A file included twice side by side is no cycle.
	e = expand(t, "--8<-- \"sub/inner.md\"\n--8<-- \"sub/inner.md\"\n", snippets.Options{BasePaths: []string{"testdata/snips"}})
	if len(e.Diags) != 0 || strings.Count(string(e.Source), "Inner") != 2 {
		t.Errorf("twice: %v %q", e.Diags, e.Source)
	}
}

func TestRemoteSnippetIsAWarningAndLeftOut(t *testing.T) {
	e := expand(t, "x\n--8<-- \"https://example.com/a.md\"\n--8<--\nHTTP://example.com/b.md\n--8<--\n", snippets.Options{})
	if len(e.Diags) != 2 {
		t.Fatalf("got %v", e.Diags)
	}
	for i, d := range e.Diags {
		if d.Severity != diag.Warning || d.Line != []int{2, 4}[i] || !strings.Contains(d.Message, "no network") {
			t.Errorf("got %v", d)
		}
	}
	if string(e.Source) != "x\n" {
		t.Errorf("source %q", e.Source)
	}
}

func TestCheckPaths(t *testing.T) {
	opts := snippets.Options{BasePaths: []string{"testdata/snips"}, CheckPaths: true}
	d := only(t, expand(t, "\n--8<-- \"nowhere.md\"\n", opts))
	if d.Severity != diag.Error || d.Line != 2 || !strings.Contains(d.Message, `"nowhere.md" not found`) {
		t.Errorf("missing file: %v", d)
	}
	d = only(t, expand(t, "--8<-- \"code.py:nosuch\"\n", opts))
	if d.Severity != diag.Error || !strings.Contains(d.Message, `section "nosuch"`) {
		t.Errorf("missing section: %v", d)
	}
	// Without check_paths both are left out silently, as pymdownx does.
	opts.CheckPaths = false
	for _, src := range []string{"--8<-- \"nowhere.md\"\n", "--8<-- \"code.py:nosuch\"\n"} {
		if e := expand(t, src, opts); len(e.Diags) != 0 || string(e.Source) != "" {
			t.Errorf("%q: %v %q", src, e.Diags, e.Source)
		}
	}
}

func TestAutoAppend(t *testing.T) {
	opts := snippets.Options{BasePaths: []string{"testdata/snips"}, AutoAppend: []string{"abbr.md", "missing.md", "sub/inner.md"}}
	e := expand(t, "HTML page.\n", opts)
	want := "HTML page.\n\n\n\nAbbreviations and links.\n\n*[HTML]: Hyper Text Markup Language\n\n\n*Inner* text.\n"
	if string(e.Source) != want || len(e.Diags) != 0 {
		t.Errorf("got %q %v, want %q", e.Source, e.Diags, want)
	}
	if html := convert(t, withSnippets(opts, abbr.Extension), "HTML page.\n"); !strings.Contains(html, `<abbr title="Hyper Text Markup Language">HTML</abbr> page.`) {
		t.Errorf("appended abbreviations not applied: %s", html)
	}
}

func TestBasePathList(t *testing.T) {
	dir := tree(t, map[string]string{"a/x.md": "from a\n", "b/x.md": "from b\n", "b/y.md": "y from b\n", "c/one.md": "the one\n", "c/other.md": "other\n"})
	opts := snippets.Options{BasePaths: []string{filepath.Join(dir, "nothere"), filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "c", "one.md")}}
	e := expand(t, "--8<-- \"x.md\"\n--8<-- \"y.md\"\n--8<-- \"one.md\"\n--8<-- \"other.md\"\n", opts)
	if got := string(e.Source); got != "from a\ny from b\nthe one\n" || len(e.Diags) != 0 {
		t.Errorf("got %q %v", got, e.Diags)
	}
	want := []string{filepath.Join(dir, "a", "x.md"), filepath.Join(dir, "b", "y.md"), filepath.Join(dir, "c", "one.md")}
	if strings.Join(e.Files, ",") != strings.Join(want, ",") {
		t.Errorf("Files = %v, want %v", e.Files, want)
	}
	// other.md is looked for in each folder base; the single-file base
	// matches only its own name.
	if len(e.Missing) != 3 || e.Missing[0] != filepath.Join(dir, "a", "other.md") || e.Missing[2] != filepath.Join(dir, "nothere", "other.md") {
		t.Errorf("Missing = %v", e.Missing)
	}
}

func TestDedentSubsections(t *testing.T) {
	opts := snippets.Options{BasePaths: []string{"testdata/snips"}, DedentSubsections: true}
	if got := string(expand(t, "--8<-- \"code.py:body\"\n", opts).Source); got != "x = 1\nreturn x\n" {
		t.Errorf("section: %q", got)
	}
	if got := string(expand(t, "--8<-- \"code.py:3:4\"\n", opts).Source); got != "x = 1\nreturn x\n" {
		t.Errorf("lines: %q", got)
	}
	// Lines from column 0 keep their indentation; section markers go.
	if got := string(expand(t, "--8<-- \"code.py:1:3\"\n", opts).Source); got != "def a():\n    x = 1\n" {
		t.Errorf("from column 0: %q", got)
	}
}

func TestPageLinesAndFiles(t *testing.T) {
	e := expand(t, "one\n--8<-- \"outer.md\"\nlast\n", snippets.Options{BasePaths: []string{"testdata/snips"}})
	lines := strings.Split(string(e.Source), "\n")
	if lines[4] != "last" {
		t.Fatalf("source %q", e.Source)
	}
	for out, want := range map[int]int{1: 1, 2: 2, 3: 2, 4: 2, 5: 3} {
		if got := e.PageLine(out); got != want {
			t.Errorf("PageLine(%d) = %d, want %d", out, got, want)
		}
	}
	abs, _ := filepath.Abs("testdata/snips")
	if len(e.Files) != 2 || e.Files[0] != filepath.Join(abs, "outer.md") || e.Files[1] != filepath.Join(abs, "sub", "inner.md") {
		t.Errorf("Files = %v", e.Files)
	}
	// A page without the notation is returned as it is.
	src := []byte("plain\n")
	if e := snippets.Expand(src, snippets.Options{}); &e.Source[0] != &src[0] || e.PageLine(1) != 1 {
		t.Error("a plain page was copied")
	}
}

func TestUnclosedBlockIsReported(t *testing.T) {
	e := expand(t, "a\n--8<--\nsub/inner.md\nmore text\n", snippets.Options{BasePaths: []string{"testdata/snips"}})
	d := only(t, e)
	if d.Severity != diag.Warning || d.Line != 2 || !strings.Contains(d.Message, "never closed") {
		t.Errorf("got %v", d)
	}
}

func TestRunawayGrowthStops(t *testing.T) {
	// Each file includes the next one twice: 2^40 copies without a limit.
	files := map[string]string{"f40.md": strings.Repeat("x", 100) + "\n"}
	for i := 0; i < 40; i++ {
		next := "f" + strconv.Itoa(i+1) + ".md"
		files["f"+strconv.Itoa(i)+".md"] = "--8<-- \"" + next + "\"\n--8<-- \"" + next + "\"\n"
	}
	dir := tree(t, files)
	e := expand(t, "--8<-- \"f0.md\"\n", snippets.Options{BasePaths: []string{dir}})
	if d := only(t, e); d.Severity != diag.Error || !strings.Contains(d.Message, "MB") {
		t.Errorf("got %v", d)
	}
	if len(e.Source) > snippets.MaxOutput {
		t.Errorf("output %d bytes", len(e.Source))
	}
}

// TestSymlinkIntoTheProjectIsFollowed: the one rule for links (srctree):
// a link out of the base path that stays in the project folder is read.
func TestSymlinkIntoTheProjectIsFollowed(t *testing.T) {
	dir := tree(t, map[string]string{"snips/in.md": "inside\n", "docs/shared.md": "SHARED\n"})
	base := filepath.Join(dir, "snips")
	if err := os.Symlink(filepath.Join(dir, "docs", "shared.md"), filepath.Join(base, "shared.md")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	e := expand(t, "--8<-- \"shared.md\"\n", snippets.Options{BasePaths: []string{base}, Within: []string{dir}})
	if len(e.Diags) != 0 || string(e.Source) != "SHARED\n" {
		t.Errorf("link into the project: %v %q", e.Diags, e.Source)
	}
	e = expand(t, "--8<-- \"shared.md\"\n", snippets.Options{BasePaths: []string{base}})
	if len(e.Diags) != 1 || strings.Contains(string(e.Source), "SHARED") {
		t.Errorf("without the project folder, the link leaves the tree: %v %q", e.Diags, e.Source)
	}
}
