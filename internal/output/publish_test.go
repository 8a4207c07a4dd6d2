package output

import (
	"os"
	"path/filepath"
	"testing"
	"time"
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
	job := Job{Out: out, Protect: Protected{Source: src}, CacheDir: filepath.Join(dir, "cache"), Inputs: Inputs{Key: []string{"opts"}, Trees: []string{src}}}
	runs := 0
	build := func(ok bool, text string) func(Sink) Built {
		return func(s Sink) Built {
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
