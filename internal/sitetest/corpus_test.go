package sitetest

import (
	"os"
	"path/filepath"
	"testing"
)

// The synthetic corpus is the same on every run and has every page.
func TestWriteCorpusIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if err := WriteCorpus(a, 120); err != nil {
		t.Fatal(err)
	}
	if err := WriteCorpus(b, 120); err != nil {
		t.Fatal(err)
	}
	n := 0
	filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		rel, _ := filepath.Rel(a, p)
		x, _ := os.ReadFile(p)
		y, _ := os.ReadFile(filepath.Join(b, rel))
		if string(x) != string(y) {
			t.Errorf("%s differs between runs", rel)
		}
		return nil
	})
	if n != 1+1+100 {
		t.Errorf("%d files, want the index, one section index and 100 pages", n)
	}
}
