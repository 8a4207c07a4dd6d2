package site

import (
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"handbook/internal/project"
	"handbook/internal/sitetest"
)

// A LoadCache given a saved state's records as saved (RestoreRaw) gives
// the pages a load without a cache gives; its records list a file found
// unchanged as saved (its bytes only) and a changed one anew, and leave a
// deleted one out; only the records of the files looked for are decoded.
func TestLoadCacheFromSavedRecords(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- content/a.md --\n---\ntitle: A\n---\n# A\n-- content/b.md --\n# B\n-- content/c/d.md --\n# D\n")
	content := filepath.Join(dir, "content")
	old := time.Now().Add(-time.Hour)
	for _, name := range []string{"a.md", "b.md", "c/d.md"} {
		if err := os.Chtimes(filepath.Join(content, name), old, old); err != nil {
			t.Fatal(err)
		}
	}
	cfg := project.Default()
	first := &LoadCache{}
	Load(cfg, dir, Options{Cache: first})
	saved := map[string]LoadRecord{}
	var srcs []string
	var raws [][]byte
	for _, r := range first.Records(content) {
		saved[r.Src] = *r.Rec
		srcs, raws = append(srcs, r.Src), append(raws, []byte(r.Src))
	}
	if len(srcs) != 3 {
		t.Fatalf("%d records saved, want 3", len(srcs))
	}
	decoded := map[string]int{}
	var mu sync.Mutex // (Load decodes on several goroutines)
	decode := func(raw []byte) (LoadRecord, bool) {
		mu.Lock()
		decoded[string(raw)]++
		mu.Unlock()
		r, ok := saved[string(raw)]
		r.Raw = raw
		return r, ok
	}

	// c/d.md is touched: its time proves nothing now, and its content
	// is found to be the same.
	if err := os.Chtimes(filepath.Join(content, "c", "d.md"), time.Now(), time.Now()); err != nil {
		t.Fatal(err)
	}
	c := &LoadCache{}
	c.RestoreRaw(content, srcs, raws, decode)
	Load(cfg, dir, Options{Cache: c})
	if recs := c.Records(content); len(recs) != 3 || recs[2].Raw != nil || string(recs[0].Raw) != "a.md" {
		t.Fatalf("after a file was touched, records %+v", recs)
	}
	if err := os.WriteFile(filepath.Join(content, "b.md"), []byte("# B\n\nChanged.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, _ := Load(cfg, dir, Options{Cache: c})
	want, _ := Load(cfg, dir, Options{})
	if len(got.Pages) != len(want.Pages) {
		t.Fatalf("%d pages loaded, want %d", len(got.Pages), len(want.Pages))
	}
	for i, p := range got.Pages {
		w := want.Pages[i]
		if p.Src != w.Src || p.Abs != w.Abs || p.Title != w.Title || !reflect.DeepEqual(p.FM, w.FM) || p.BodyHash != w.BodyHash || p.BodyLine != w.BodyLine || p.URL != w.URL {
			t.Errorf("page %d: loaded %+v, want %+v", i, *p, *w)
		}
	}
	recs := c.Records(content)
	if len(recs) != 3 || recs[0].Src != "a.md" || recs[1].Src != "b.md" || recs[2].Src != "c/d.md" {
		t.Fatalf("records %+v", recs)
	}
	if string(recs[0].Raw) != "a.md" {
		t.Errorf("the unchanged file's record is not listed as saved: %q", recs[0].Raw)
	}
	if recs[2].Raw != nil || recs[2].Rec.Page.BodyHash != saved["c/d.md"].Page.BodyHash {
		t.Error("the touched file's record is not its parse with its new time")
	}
	if recs[1].Raw != nil || recs[1].Rec.Page.BodyHash == saved["b.md"].Page.BodyHash {
		t.Error("the changed file's record is the saved one")
	}

	if err := os.Remove(filepath.Join(content, "c", "d.md")); err != nil {
		t.Fatal(err)
	}
	Load(cfg, dir, Options{Cache: c})
	if recs := c.Records(content); len(recs) != 2 || recs[0].Src != "a.md" || recs[1].Src != "b.md" {
		t.Errorf("after a file was deleted, records %+v", recs)
	}
	if decoded["a.md"] != 3 {
		t.Errorf("records decoded %v, want a.md three times (once a load)", decoded)
	}
}
