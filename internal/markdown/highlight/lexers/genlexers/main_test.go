package main

import (
	"bytes"
	"maps"
	"path/filepath"
	"slices"
	"testing"
)

// TestCopyIsCurrent regenerates the copy of chroma's lexers package from
// the chroma module go.mod requires and compares it with the one in the
// repository: after an upgrade of chroma, go generate
// ./internal/markdown/highlight/lexers.
func TestCopyIsCurrent(t *testing.T) {
	dir, version, err := moduleDir()
	if err != nil {
		t.Fatal(err)
	}
	want, err := Copy(filepath.Join(dir, "lexers"), filepath.Join(dir, "COPYING"), version)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Generated("..")
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 250 {
		t.Fatalf("the copy has %d files", len(want))
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		if !bytes.Equal(got[name], want[name]) {
			t.Errorf("%s differs from what genlexers writes: go generate ./internal/markdown/highlight/lexers", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s is not part of the copy: go generate ./internal/markdown/highlight/lexers", name)
		}
	}
}
