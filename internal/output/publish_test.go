package output

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"handbook/internal/output/stamp"
)

func TestPublishSequence(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(src, "page.md")
	if err := os.WriteFile(page, []byte("one"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour) // outside the racy window
	if err := os.Chtimes(page, old, old); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	job := Job{Out: out, Protect: Protected{Source: src}, CacheDir: filepath.Join(dir, "cache"), Inputs: stamp.Inputs{Key: []string{"opts"}, Trees: []string{src}}}
	runs := 0
	build := func(ok bool, text string) func(Sink, Previous) Built {
		return func(s Sink, _ Previous) Built {
			runs++
			if err := s.Put("index.html", []byte(text)); err != nil {
				t.Fatal(err)
			}
			return Built{OK: ok, Pages: 1}
		}
	}
	read := func() string { b, _ := os.ReadFile(filepath.Join(out, "index.html")); return string(b) }

	if rep, err := Publish(job, build(true, "v1")); err != nil || rep.Failed || rep.UpToDate || read() != "v1" {
		t.Fatalf("first build: %+v %v, index %q", rep, err, read())
	}
	if rep, err := Publish(job, build(true, "v2")); err != nil || !rep.UpToDate || runs != 1 || read() != "v1" {
		t.Fatalf("unchanged inputs: %+v %v, %d runs, index %q", rep, err, runs, read())
	}
	if err := os.Chtimes(page, old.Add(time.Minute), old.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if rep, err := Publish(job, build(false, "broken")); err != nil || !rep.Failed || read() != "v1" {
		t.Fatalf("failed build: %+v %v, index %q (want the old output)", rep, err, read())
	}
	if rep, err := Publish(job, build(true, "v3")); err != nil || rep.UpToDate || read() != "v3" {
		t.Fatalf("changed input: %+v %v, index %q", rep, err, read())
	}
	job.Inputs.Key = []string{"other options"}
	if rep, _ := Publish(job, build(true, "v4")); rep.UpToDate || read() != "v4" {
		t.Fatalf("changed options: %+v, index %q", rep, read())
	}
}

// TestOutputInsideAnInputFolder: when the output and the cache lie inside
// a folder the build reads (a content folder "."), what the build writes
// there is not an input: the next build is up to date.
func TestOutputInsideAnInputFolder(t *testing.T) {
	src := t.TempDir()
	page := filepath.Join(src, "page.md")
	if err := os.WriteFile(page, []byte("one"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(page, old, old); err != nil {
		t.Fatal(err)
	}
	out, cacheDir := filepath.Join(src, "public"), filepath.Join(src, ".cache", "handbook")
	job := Job{Out: out, CacheDir: cacheDir, Inputs: stamp.Inputs{Key: []string{"opts"}, Trees: []string{src}}}
	build := func(s Sink, _ Previous) Built {
		if err := s.Put("index.html", []byte("page")); err != nil {
			t.Fatal(err)
		}
		return Built{OK: true, Pages: 1}
	}
	if rep, err := Publish(job, build); err != nil || rep.UpToDate {
		t.Fatalf("first build: %+v %v", rep, err)
	}
	// The output folder holds the output marker and the cache is a dot
	// folder: neither is walked as an input, Exclude or not.
	if rep, err := Publish(job, build); err != nil || !rep.UpToDate {
		t.Fatalf("second build: %+v %v", rep, err)
	}
	if err := os.WriteFile(page, []byte("two"), 0o644); err != nil {
		t.Fatal(err)
	}
	if rep, err := Publish(job, build); err != nil || rep.UpToDate {
		t.Fatalf("after an edit: %+v %v", rep, err)
	}
}
