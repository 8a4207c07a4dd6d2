package fileio

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestModeOfAsOS gives each mode bit the meaning package os gives it.
func TestModeOfAsOS(t *testing.T) {
	name := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(name, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, perm := range []uint32{0o644, 0o600, 0o755, 0o4755, 0o2755, 0o1644, 0o7777, 0} {
		if err := syscall.Chmod(name, perm); err != nil {
			t.Fatal(err)
		}
		var st syscall.Stat_t
		if err := syscall.Lstat(name, &st); err != nil {
			t.Fatal(err)
		}
		info, err := os.Lstat(name)
		if err != nil {
			t.Fatal(err)
		}
		if got := ModeOf(st.Mode); got != info.Mode() {
			t.Errorf("mode %o: %v, os says %v", perm, got, info.Mode())
		}
	}
}
