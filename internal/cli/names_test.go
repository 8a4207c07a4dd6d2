package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/sitetest"
)

// TestControlCharactersInNamesAreRefused: a file whose name holds a
// newline cannot have a URL (nor a one-line diagnostic): it is an error at
// its path, printed with the newline escaped, and the page is left out.
func TestControlCharactersInNamesAreRefused(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n# Home\n")
	if err := os.WriteFile(filepath.Join(dir, "content", "bad\nname.md"), []byte("# Bad\n"), 0o644); err != nil {
		t.Skip("this file system refuses such names:", err)
	}
	code, out, errOut := run(t, "check", "--source", dir)
	want := `content/bad\nname.md:1:1: the name holds the control character U+000A, which no URL can carry: rename it (skipped)`
	if code != 1 || !strings.Contains(out, want) || strings.Contains(out, "Bad") {
		t.Errorf("exit %d, want 1 and %q:\n%s%s", code, want, out, errOut)
	}
}
