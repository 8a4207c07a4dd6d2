package cli

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestMegabyteOfNULsGivesBoundedDiagnostics: a page of 1,000,000 NUL
// characters (a warning each) reports 20 of them and one "N more" line, in
// the build's output, in its stamp (kept small) and in the "up to date"
// run that repeats them; the build allocates a bounded amount of memory
// (counted, not timed).
func TestMegabyteOfNULsGivesBoundedDiagnostics(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content", "index.md"), make([]byte, 1_000_000), 0o644); err != nil {
		t.Fatal(err)
	}
	age(t, dir)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	code, _, errOut := run(t, "build", "--source", dir)
	runtime.ReadMemStats(&after)
	if code != 0 {
		t.Fatalf("exit %d: %.2000s", code, errOut)
	}
	check := func(when, errOut string) {
		t.Helper()
		lines := strings.Split(strings.TrimSpace(errOut), "\n")
		if len(lines) != 21 || !strings.HasSuffix(lines[20], "content/index.md:1:21: warning: 999980 more control-char in content/index.md") {
			t.Errorf("%s: %d lines, last %q", when, len(lines), lines[len(lines)-1])
		}
	}
	check("build", errOut)
	// About 135 MB, most of it the printable pages holding the 3 MB page
	// three times; a warning per NUL made it several times more.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 200<<20 {
		t.Errorf("the build allocated %d MB", alloc>>20)
	}
	stamps, _ := filepath.Glob(filepath.Join(dir, ".cache", "handbook", "build-*.json"))
	if len(stamps) != 1 {
		t.Fatalf("stamps: %v", stamps)
	}
	if info, err := os.Stat(stamps[0]); err != nil || info.Size() > 64<<10 {
		t.Errorf("stamp: %v, %d bytes", err, info.Size())
	}
	code, out, errOut := run(t, "build", "--source", dir)
	if code != 0 || !strings.HasPrefix(out, "up to date") {
		t.Fatalf("second build: exit %d: %s", code, out)
	}
	check("up to date", errOut)
}
