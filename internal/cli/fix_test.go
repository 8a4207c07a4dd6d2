package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"handbook/internal/sitetest"
)

const damagedCheck = "\u201a\u00fa\u00d6" // "✅" read as Mac Roman

// TestFixLeavesCodeAndAmbiguousText: a page about mojibake keeps its
// examples in code, and a lone "Â£5" (correct UTF-8 for those characters)
// is reported, not changed.
func TestFixLeavesCodeAndAmbiguousText(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.md")
	text := "# About mojibake\n\nDone " + damagedCheck + ".\n\nIt shows as `" + damagedCheck + "`:\n\n```\n" + damagedCheck + "\n```\n"
	os.WriteFile(p, []byte(text), 0o644)
	code, out, _ := run(t, "fix", p)
	b, _ := os.ReadFile(p)
	want := strings.Replace(text, "Done "+damagedCheck, "Done ✅", 1)
	if code != 0 || string(b) != want {
		t.Fatalf("exit %d, file now:\n%s", code, b)
	}
	if !strings.Contains(out, p+":5:14: left") || !strings.Contains(out, p+":8:1: left") || !strings.Contains(out, "inside code") {
		t.Errorf("the runs in code are not reported at their positions:\n%s", out)
	}
	q := filepath.Join(dir, "b.md")
	os.WriteFile(q, []byte("Tickets cost Â£5.\n"), 0o644)
	_, out, _ = run(t, "fix", q)
	if b, _ := os.ReadFile(q); string(b) != "Tickets cost Â£5.\n" {
		t.Errorf("ambiguous text changed: %q", b)
	}
	if !strings.Contains(out, q+":1:14: left \"Â£\" as written") {
		t.Errorf("ambiguous run not reported:\n%s", out)
	}
}

// TestFixKeepsLinksInodesAndModes: a symlinked page is repaired through
// the link, a hard-linked pair stays one file, and the mode is kept.
func TestFixKeepsLinksInodesAndModes(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.md")
	os.WriteFile(real, []byte("Done "+damagedCheck+".\n"), 0o640)
	link := filepath.Join(dir, "content", "page.md")
	os.MkdirAll(filepath.Dir(link), 0o755)
	os.Symlink(real, link)
	hard := filepath.Join(dir, "content", "twin.md")
	os.Link(real, hard)
	before, _ := os.Stat(real)
	code, _, errOut := run(t, "fix", link)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the symbolic link was replaced by a file")
	}
	after, _ := os.Stat(real)
	if !os.SameFile(before, after) {
		t.Error("the file was replaced, not rewritten: a new inode")
	}
	if after.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", after.Mode().Perm())
	}
	if st := after.Sys().(*syscall.Stat_t); st.Nlink != 2 {
		t.Errorf("%d links, want the hard-linked pair kept", st.Nlink)
	}
	for _, p := range []string{real, hard} {
		if b, _ := os.ReadFile(p); string(b) != "Done ✅.\n" {
			t.Errorf("%s: %q", p, b)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("left files behind: %v", entries)
	}
}

func TestFixDryRunShowsDiffWritesNothing(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.md")
	text := "# T\n\nDone " + damagedCheck + ".\n"
	os.WriteFile(p, []byte(text), 0o644)
	code, out, _ := run(t, "fix", "--dry-run", p)
	if b, _ := os.ReadFile(p); code != 0 || string(b) != text {
		t.Fatalf("dry run changed the file (exit %d)", code)
	}
	for _, want := range []string{"--- " + p, "@@ -3 +3 @@", "-Done " + damagedCheck + ".", "+Done ✅.", "would fix 1 file"} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out)
		}
	}
}

// TestUnclosedFrontMatterIsAnError: "---" then keys and no closing line is
// reported at line 1; a page opening with a rule is not.
func TestUnclosedFrontMatterIsAnError(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n# Home\n-- content/a.md --\n---\ntitle: A\nlevels: [L6]\n\n# A\n-- content/b.md --\n---\n\n# B starts after a rule\n")
	code, out, errOut := run(t, "check", "--source", dir)
	if code == 0 || !strings.Contains(out+errOut, "content/a.md:1:1: front matter opened with --- is never closed") {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
	if strings.Contains(out+errOut, "b.md") {
		t.Errorf("a page opening with a rule was reported:\n%s%s", out, errOut)
	}
}
