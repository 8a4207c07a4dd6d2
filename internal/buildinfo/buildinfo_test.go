package buildinfo

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestStampedValues(t *testing.T) {
	Version, Commit, Date = "v1.2.3", "0123456789abcdef0123", "2026-01-02T03:04:05Z"
	defer func() { Version, Commit, Date = "", "", "" }()
	got := Read().String()
	want := "v1.2.3 (commit 0123456789ab, built 2026-01-02T03:04:05Z, " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + ")"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestUnstamped(t *testing.T) {
	i := Read()
	if i.Version == "" || !strings.Contains(i.String(), runtime.Version()) {
		t.Errorf("unstamped: %+v", i)
	}
}

// TestLinkerFlags builds handbook with the release's -X flags and runs
// `handbook version`: the names the release script and the Dockerfile
// stamp must exist.
func TestLinkerFlags(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	exe := filepath.Join(t.TempDir(), "handbook")
	flags := "-X handbook/internal/buildinfo.Version=v9.9.9 -X handbook/internal/buildinfo.Commit=feedfacefeedface -X handbook/internal/buildinfo.Date=2030-01-01T00:00:00Z"
	cmd := exec.Command("go", "build", "-ldflags", flags, "-o", exe, "../../cmd/handbook")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(exe, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(out), "handbook v9.9.9 (commit feedfacefeed, built 2030-01-01T00:00:00Z, ") {
		t.Errorf("stamped binary prints %q", out)
	}
}
