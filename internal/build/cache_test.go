package build

import (
	"bytes"
	"os"
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
	write := func(rel, text string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name string
		edit func()
	}{
		{"first build", func() {}},
		{"nothing changed", func() {}},
		{"body edit", func() { write("content/guide/other.md", "# Other\n\nLinks to [intro](intro.md) and more words.\n") }},
		{"title change", func() {
			write("content/guide/intro.md", "---\ntitle: Getting started\nlevels: [L6]\n---\n## First steps\n\nWords.\n\n## L7 aside\n\nSeven.\n")
		}},
		{"heading renamed (anchor breaks, then is fixed)", func() {
			write("content/guide/intro.md", "---\ntitle: Getting started\nlevels: [L6]\n---\n## Step one\n\nWords.\n")
		}},
		{"link fixed", func() { write("content/index.md", "# Home\n\nSee [the guide](guide/intro.md#step-one).\n") }},
		{"page added", func() { write("content/guide/new.md", "# New page\n\nBack to [home](../index.md).\n") }},
		{"page deleted", func() { os.Remove(filepath.Join(dir, "content/guide/other.md")) }},
		{"folder renamed", func() {
			os.Rename(filepath.Join(dir, "content/guide"), filepath.Join(dir, "content/handbook"))
			write("content/index.md", "# Home\n\nSee [the guide](handbook/intro.md#step-one).\n")
		}},
		{"config change", func() { write("handbook.yaml", "title: Renamed Site\n") }},
		{"theme change", func() { write("theme/assets/css/90-site.css", "body { color: black; }\n") }},
		{"front matter level change", func() {
			write("content/handbook/intro.md", "---\ntitle: Getting started\nlevels: [L7]\n---\n## Step one\n\nWords.\n")
		}},
	}
	cache := &Cache{}
	for _, step := range steps {
		step.edit()
		// Make every file look old enough for the load cache to trust it,
		// as it would be in real use a moment after the save.
		old := time.Now().Add(-time.Minute)
		filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
			if err == nil {
				os.Chtimes(p, old, info.ModTime().Add(-time.Minute))
			}
			return nil
		})
		cached := Run(Options{Source: dir, Cache: cache, DeferSearch: true})
		stats := cached.Stats.Cache
		if cached.SearchPending() {
			// What serve does: publish, finish the index, build again.
			cached.FinishSearch()
			cached = Run(Options{Source: dir, Cache: cache, DeferSearch: true})
			if cached.SearchPending() {
				t.Fatalf("%s: search still pending after FinishSearch", step.name)
			}
		}
		clean := Run(Options{Source: dir})
		if cached.OK() != clean.OK() {
			t.Fatalf("%s: cached ok=%v, clean ok=%v (%v / %v)", step.name, cached.OK(), clean.OK(), cached.Diags, clean.Diags)
		}
		compareFiles(t, step.name, cached.Files, clean.Files)
		if step.name == "body edit" {
			if s := stats; s.Converted != 1 || s.RenderReused == 0 {
				t.Errorf("body edit: %+v; want one page converted and unchanged pages reused", s)
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
