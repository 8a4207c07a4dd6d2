package fileio

import (
	"bytes"
	"os"
	"testing"
)

// TestReadFileLongerThanItsSize reads what a file has beyond the size
// fstat gave, as a file written to meanwhile has: /proc files state none.
func TestReadFileLongerThanItsSize(t *testing.T) {
	want, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile("/proc/self/status")
	if err != nil || len(got) == 0 || !bytes.HasPrefix(got, want[:5]) {
		t.Errorf("read %q (%v)", got, err)
	}
}
