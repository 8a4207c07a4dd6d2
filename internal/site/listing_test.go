package site

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"handbook/internal/project"
	"handbook/internal/site/frontmatter"
	"handbook/internal/sitetest"
	"handbook/internal/srctree"
)

// A load given a listing of the content folder (as the build stamp's walk
// makes it: with more dotfiles than a load reads) finds what a load that
// walks the folder finds, through a followed link too.
func TestLoadFromAListingFindsWhatAWalkFinds(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, `-- mkdocs.yml --
site_name: Listed
docs_dir: docs
-- docs/index.md --
# Home
-- docs/guide/a.md --
# A
-- docs/guide/.meta.yml --
tags: [x]
-- docs/guide/img.png --
png
-- docs/.authors.yml --
authors: {}
-- docs/.hidden/b.md --
# Hidden
-- docs/notes/deep/c.md --
# C
`)
	cfg, d := project.Load(project.Options{Source: dir})
	if d.HasErrors() {
		t.Fatal(d)
	}
	docs := cfg.DocsDir()
	walked := func() []ListedFile {
		var out []ListedFile
		err := srctree.Walk(docs, srctree.Options{Within: []string{dir}, Include: []string{frontmatter.MetaFile, ".authors.yml"}}, func(e srctree.Entry) error {
			f := ListedFile{Path: e.Path, Dir: e.IsDir()}
			if !f.Dir {
				f.State = FileState{Size: e.Info.Size(), Mod: e.Info.ModTime()}
			}
			out = append(out, f)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	listing := walked()
	asked := 0
	opts := Options{Listing: func(d string) ([]ListedFile, bool) {
		asked++
		return listing, d == docs
	}}
	want, wantDiags := Load(cfg, cfg.Root, Options{})
	got, gotDiags := Load(cfg, cfg.Root, opts)
	if asked != 1 {
		t.Fatalf("the listing was asked for %d times", asked)
	}
	same := func(what string, got, want *Site) {
		t.Helper()
		if len(got.Pages) != len(want.Pages) || len(got.Assets) != len(want.Assets) || !reflect.DeepEqual(got.Dirs(), want.Dirs()) {
			t.Fatalf("%s: %d pages, %d assets, folders %v; a walk finds %d, %d, %v", what, len(got.Pages), len(got.Assets), got.Dirs(), len(want.Pages), len(want.Assets), want.Dirs())
		}
		for i, p := range got.Pages {
			w := want.Pages[i]
			if p.Src != w.Src || p.Abs != w.Abs || !reflect.DeepEqual(p.FM, w.FM) || p.URL != w.URL {
				t.Errorf("%s: page %d is %+v, a walk finds %+v", what, i, *p, *w)
			}
		}
		for i, a := range got.Assets {
			if *a != *want.Assets[i] {
				t.Errorf("%s: asset %d is %+v, a walk finds %+v", what, i, *a, *want.Assets[i])
			}
		}
	}
	same("listed", got, want)
	if !reflect.DeepEqual(gotDiags, wantDiags) {
		t.Errorf("listed: problems %v, a walk's %v", gotDiags, wantDiags)
	}
	if len(want.Pages) != 3 || len(want.Assets) != 1 {
		t.Fatalf("a walk finds %d pages and %d assets, want 3 and 1", len(want.Pages), len(want.Assets))
	}

	// A link to a folder of the project, followed by both walks.
	if err := os.Symlink(filepath.Join(docs, "guide"), filepath.Join(docs, "linked")); err != nil {
		t.Fatal(err)
	}
	listing = walked()
	for i := range listing {
		if filepath.Base(listing[i].Path) == "linked" {
			listing[i].Dir = true
		}
	}
	linkedWant, _ := Load(cfg, cfg.Root, Options{})
	linkedGot, _ := Load(cfg, cfg.Root, Options{Listing: func(string) ([]ListedFile, bool) { return listing, true }})
	same("with a link", linkedGot, linkedWant)
	if len(linkedWant.Pages) != 4 {
		t.Fatalf("a walk through the link finds %d pages, want 4", len(linkedWant.Pages))
	}
}
