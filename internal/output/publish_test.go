package output

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
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

// TestEditStartsBeforeTheOutputIsChecked: when an input changed, the build
// starts from the last build's state before the output folder is checked;
// when the folder was changed by hand (a file edited, added or removed),
// the build runs again without that state, into a new folder, so that no
// file it kept as the last build wrote it stays damaged.
func TestEditStartsBeforeTheOutputIsChecked(t *testing.T) {
	for _, damage := range []struct {
		what string
		do   func(out string) error
	}{
		{"nothing", func(string) error { return nil }},
		{"a kept file edited", func(out string) error {
			return os.WriteFile(filepath.Join(out, "kept.html"), []byte("edited by hand"), 0o644)
		}},
		{"a file added", func(out string) error { return os.WriteFile(filepath.Join(out, "stray.html"), []byte("x"), 0o644) }},
		{"a kept file removed", func(out string) error { return os.Remove(filepath.Join(out, "kept.html")) }},
	} {
		t.Run(damage.what, func(t *testing.T) {
			dir := t.TempDir()
			src := filepath.Join(dir, "src")
			os.MkdirAll(src, 0o755)
			page := filepath.Join(src, "page.md")
			old := time.Now().Add(-time.Hour) // outside the racy window
			write := func(text string) {
				if err := os.WriteFile(page, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				os.Chtimes(page, old, old)
				old = old.Add(time.Minute)
			}
			write("one")
			out := filepath.Join(dir, "public")
			job := Job{Out: out, Protect: Protected{Source: src}, CacheDir: filepath.Join(dir, "cache"), Inputs: stamp.Inputs{Key: []string{"opts"}, Trees: []string{src}}}
			var states []string // each run's Previous.State
			build := func(text string) func(Sink, Previous) Built {
				return func(s Sink, prev Previous) Built {
					states = append(states, prev.State)
					s.Put("index.html", []byte(text))
					if prev.State == "" || !s.(*Disk).Keep("kept.html") {
						s.Put("kept.html", []byte("kept"))
					}
					return Built{OK: true, Pages: 1, State: "state of " + text}
				}
			}
			if _, err := Publish(job, build("v1")); err != nil {
				t.Fatal(err)
			}
			write("two")
			if err := damage.do(out); err != nil {
				t.Fatal(err)
			}
			states = nil
			rep, err := Publish(job, build("v2"))
			if err != nil || rep.UpToDate || rep.Failed {
				t.Fatalf("edit: %+v %v", rep, err)
			}
			want := []string{"state of v1"}
			if damage.what != "nothing" {
				want = append(want, "")
			}
			if !slices.Equal(states, want) {
				t.Errorf("the builds started from states %q, want %q", states, want)
			}
			got := map[string]string{}
			entries, _ := os.ReadDir(out)
			for _, e := range entries {
				b, _ := os.ReadFile(filepath.Join(out, e.Name()))
				got[e.Name()] = string(b)
			}
			wantFiles := map[string]string{"index.html": "v2", "kept.html": "kept", Marker: markerText}
			if !maps.Equal(got, wantFiles) {
				t.Errorf("the output holds %q, want %q", got, wantFiles)
			}
			if rep, _ := Publish(job, build("v3")); !rep.UpToDate {
				t.Errorf("the next build is not up to date: %+v", rep)
			}
		})
	}
}
