package cli

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestMegabyteOfNULsGivesBoundedDiagnostics: a page of 1,000,000 NUL
// characters (a warning each) keeps 20 of them and one "N more" line, in
// its stamp (kept small) and in check's listing; the build and the "up to
// date" run that repeats its problems print the one summary line; the
// build allocates a bounded amount of memory (counted, not timed).
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
		if errOut = withoutProgress(errOut); errOut != "warning: 1000000 control characters in content/index.md\n" {
			t.Errorf("%s: %.2000q", when, errOut)
		}
	}
	check("build", errOut)
	// About 135 MB, most of it the printable pages holding the 3 MB page
	// three times; a warning per NUL made it several times more.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 200<<20 {
		t.Errorf("the build allocated %d MB", alloc>>20)
	}
	stamps, _ := filepath.Glob(filepath.Join(dir, ".cache", "handbook", "build-*.stamp"))
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
	_, out, _ = run(t, "check", "--source", dir)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 21 || lines[20] != "content/index.md:1:21: warning: 999980 more control characters in content/index.md" {
		t.Errorf("check: %d lines, last %q", len(lines), lines[len(lines)-1])
	}
}
