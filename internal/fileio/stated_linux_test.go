package fileio

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestModeOfAsOS gives each mode bit and each kind of file the meaning
// package os gives it.
func TestModeOfAsOS(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "f")
	if err := os.WriteFile(name, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	same := func(p string) {
		t.Helper()
		var st syscall.Stat_t
		if err := syscall.Lstat(p, &st); err != nil {
			t.Fatal(err)
		}
		info, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := ModeOf(st.Mode); got != info.Mode() {
			t.Errorf("%s, mode %o: %v, os says %v", filepath.Base(p), st.Mode, got, info.Mode())
		}
	}
	for _, perm := range []uint32{0o644, 0o600, 0o755, 0o4755, 0o2755, 0o1644, 0o7777, 0} {
		if err := syscall.Chmod(name, perm); err != nil {
			t.Fatal(err)
		}
		same(name)
	}
	link, fifo := filepath.Join(dir, "link"), filepath.Join(dir, "fifo")
	if err := os.Symlink("f", link); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{dir, link, fifo, "/dev/null"} {
		same(p)
	}
}
