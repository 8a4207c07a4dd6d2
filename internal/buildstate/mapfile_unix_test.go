//go:build unix

package buildstate

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestMapFileReadsTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	want := bytes.Repeat([]byte("search cache "), 100_000)
	if err := os.WriteFile(path, want, 0o644); err != nil {
		t.Fatal(err)
	}
	b, unmap := mapFile(path)
	if !bytes.Equal(b, want) {
		t.Fatalf("mapped %d bytes, want the file's %d", len(b), len(want))
	}
	unmap()
	for _, name := range []string{"missing", ""} {
		p := filepath.Join(t.TempDir(), name)
		if name == "" {
			p = t.TempDir() // (a folder)
		}
		if b, unmap := mapFile(p); b != nil || unmap != nil {
			t.Errorf("%s: mapped %d bytes", name, len(b))
		}
	}
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if b, _ := mapFile(empty); b != nil {
		t.Errorf("an empty file mapped to %d bytes", len(b))
	}
}

// A search cache file cut short by another program while the mapped
// bytes are decoded is a damaged cache, not a crash.
func TestSearchCacheCutShortIsDamaged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.search")
	if err := os.WriteFile(path, bytes.Repeat([]byte{7}, 1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	b, unmap := mapFile(path)
	defer unmap()
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	if sc, err := decodeSearch(b, t.TempDir()); sc != nil || err == nil {
		t.Fatalf("decoded a cut file: %v, %v", sc, err)
	}
}
