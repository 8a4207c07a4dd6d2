package build

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"handbook/internal/sitetest"
)

// TestCachedBuildsEqualCleanBuilds applies a scripted series of edits and,
// after each, compares a build that reuses the previous builds' work with a
// clean build: every file must be byte-identical.
func TestCachedBuildsEqualCleanBuilds(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, `
-- content/index.md --
# Home

See [the guide](guide/intro.md#first-steps).
-- content/guide/index.md --
# Guide
-- content/guide/intro.md --
---
title: Introduction
levels: [L6]
---
## First steps

Words about the first steps.

## L7 aside

Seven.
-- content/guide/other.md --
# Other

Links to [intro](intro.md).
-- content/guide/zzz.md --
# Zzz

Its nav shows the introduction's title; its neighbours don't.
`)
	var changed []string
	write := func(rel, text string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		changed = append(changed, p)
	}
	remove := func(rel string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		os.Remove(p)
		changed = append(changed, p)
	}
	const intro = "---\ntitle: Getting started\nlevels: [L7]\n---\n## Step one\n\nWords.\n"
	// incremental: whether the build may start from the last one (only body
	// edits of existing pages, after a successful build).
	steps := []struct {
		name        string
		edit        func()
		incremental bool
	}{
		{"first build", func() {}, false},
		{"nothing changed", func() {}, true},
		{"body edit", func() { write("content/guide/other.md", "# Other\n\nLinks to [intro](intro.md) and more words.\n") }, true},
		{"title change", func() {
			write("content/guide/intro.md", "---\ntitle: Getting started\nlevels: [L6]\n---\n## First steps\n\nWords.\n\n## L7 aside\n\nSeven.\n")
		}, false},
		{"heading renamed (anchor breaks, then is fixed)", func() {
			write("content/guide/intro.md", "---\ntitle: Getting started\nlevels: [L6]\n---\n## Step one\n\nWords.\n")
		}, true},
		{"link fixed", func() { write("content/index.md", "# Home\n\nSee [the guide](guide/intro.md#step-one).\n") }, false},
		{"page added", func() { write("content/guide/new.md", "# New page\n\nBack to [home](../index.md).\n") }, false},
		{"page deleted", func() { remove("content/guide/other.md") }, false},
		{"folder renamed", func() {
			os.Rename(filepath.Join(dir, "content/guide"), filepath.Join(dir, "content/handbook"))
			changed = append(changed, filepath.Join(dir, "content/guide"), filepath.Join(dir, "content/handbook"))
			write("content/index.md", "# Home\n\nSee [the guide](handbook/intro.md#step-one).\n")
		}, false},
		{"config change", func() { write("handbook.yaml", "title: Renamed Site\n") }, false},
		{"theme change", func() { write("theme/assets/css/90-site.css", "body { color: black; }\n") }, false},
		{"front matter level change", func() { write("content/handbook/intro.md", intro) }, false},
		{"saved without a change", func() { write("content/handbook/intro.md", intro) }, true},
		{"body edit adds a link (backlinks change)", func() {
			write("content/handbook/zzz.md", "# Zzz\n\nIts nav shows [the introduction](intro.md#step-one).\n")
		}, true},
		{"body edit in a level-tagged section (level pages change)", func() {
			write("content/handbook/intro.md", intro+"\n## L6 corner\n\nA first sentence. A second one.\n")
		}, true},
		{"two pages in one batch", func() {
			write("content/handbook/zzz.md", "# Zzz\n\nNo links now.\n")
			write("content/handbook/new.md", "# New page\n\nBack to [home](../index.md) and to [zzz](zzz.md).\n")
		}, true},
		{"heading that others link to renamed", func() {
			write("content/handbook/intro.md", "---\ntitle: Getting started\nlevels: [L7]\n---\n## Step 1\n\nWords.\n")
		}, true},
		{"heading restored", func() { write("content/handbook/intro.md", intro) }, false},
		{"first H1 of a page without a title changes", func() { write("content/handbook/zzz.md", "# Zed\n\nNo links now.\n") }, false},
		{"a diagram appears", func() {
			write("content/handbook/zzz.md", "# Zed\n\n```mermaid\ngraph LR\n  a --> b\n```\n")
		}, false},
		{"front matter added", func() { write("content/handbook/zzz.md", "---\ntitle: Zed\n---\n# Zed\n") }, false},
		{"code edited", func() {
			write("content/handbook/new.md", "# New page\n\n```go\nfunc main() {}\n```\n")
		}, true},
	}
	cache := &Cache{}
	for i, step := range steps {
		changed = []string{}
		step.edit()
		if i == 0 {
			changed = nil // unknown: the first build
		}
		// Make every file look old enough for the load cache to trust it,
		// as it would be in real use a moment after the save.
		old := time.Now().Add(-time.Minute)
		filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
			if err == nil {
				os.Chtimes(p, old, info.ModTime().Add(-time.Minute))
			}
			return nil
		})
		cached := Run(Options{Source: dir, Cache: cache, DeferSearch: true, Changed: changed})
		stats := cached.Stats.Cache
		if stats.Incremental != step.incremental {
			t.Errorf("%s: incremental=%v, want %v", step.name, stats.Incremental, step.incremental)
		}
		if cached.SearchPending() {
			// What serve does: publish, finish the index, build again.
			cached.FinishSearch()
			cached = Run(Options{Source: dir, Cache: cache, DeferSearch: true, Changed: []string{}})
			if cached.SearchPending() {
				t.Fatalf("%s: search still pending after FinishSearch", step.name)
			}
		}
		clean := Run(Options{Source: dir})
		if cached.OK() != clean.OK() {
			t.Fatalf("%s: cached ok=%v, clean ok=%v (%v / %v)", step.name, cached.OK(), clean.OK(), cached.Diags, clean.Diags)
		}
		if got, want := fmt.Sprint(cached.Diags), fmt.Sprint(clean.Diags); got != want {
			t.Errorf("%s: diagnostics differ from a clean build:\n got %s\nwant %s", step.name, got, want)
		}
		compareFiles(t, step.name, cached.Files, clean.Files)
		if step.name == "body edit" {
			if s := stats; s.Converted != 1 || s.Rendered != 1 || s.RenderReused == 0 {
				t.Errorf("body edit: %+v; want one page converted and rendered, the others reused", s)
			}
		}
		if step.name == "nothing changed" {
			if s := stats; s.Converted != 0 || s.Rendered != 0 {
				t.Errorf("nothing changed: %+v; want everything reused", s)
			}
		}
	}
}

func compareFiles(t *testing.T, step string, got, want map[string][]byte) {
	t.Helper()
	var names []string
	for n := range want {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if !bytes.Equal(got[n], want[n]) {
			t.Errorf("%s: %s differs from a clean build", step, n)
		}
	}
	for n := range got {
		if _, ok := want[n]; !ok {
			t.Errorf("%s: %s exists only in the cached build", step, n)
		}
	}
}

// TestIncrementalBuildNoticesCommits: "last updated" dates come from git, so
// a commit made while serve runs sends the next build down the full path,
// and its output equals a clean build's.
func TestIncrementalBuildNoticesCommits(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	for k, v := range map[string]string{"GIT_CONFIG_GLOBAL": os.DevNull, "GIT_CONFIG_NOSYSTEM": "1",
		"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.invalid"} {
		t.Setenv(k, v)
	}
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n# Home\n-- content/a.md --\n# A\n\nFirst.\n")
	git := func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("", "init", "-q")
	git("", "add", ".")
	git("2024-01-02T10:00:00Z", "commit", "-q", "-m", "first")
	cache := &Cache{}
	if res := Run(Options{Source: dir, Cache: cache}); !res.OK() {
		t.Fatal(res.Diags)
	}
	page := filepath.Join(dir, "content", "a.md")
	os.WriteFile(page, []byte("# A\n\nSecond.\n"), 0o644)
	if res := Run(Options{Source: dir, Cache: cache, Changed: []string{page}}); !res.Stats.Cache.Incremental {
		t.Fatal("a body edit was not built incrementally")
	}
	git("", "add", ".")
	git("2025-03-04T10:00:00Z", "commit", "-q", "-m", "second")
	os.WriteFile(page, []byte("# A\n\nThird.\n"), 0o644)
	cached := Run(Options{Source: dir, Cache: cache, Changed: []string{page}})
	if cached.Stats.Cache.Incremental {
		t.Error("the build after a commit was incremental")
	}
	clean := Run(Options{Source: dir})
	compareFiles(t, "after a commit", cached.Files, clean.Files)
	if !bytes.Contains(clean.Files["a/index.html"], []byte("2025-03-04")) {
		t.Errorf("the clean build does not show the new commit's date")
	}
}
