package build

import (
	"io/fs"
	"path/filepath"
	"testing"

	"handbook/internal/output/stamp"
)

// The listing of the content folder is the stamp's entries of it, from
// its own entry on; a link, or an entry the stamp could not read, leaves
// the folder to be walked (the walk reports them).
func TestListingOfTheContentFolder(t *testing.T) {
	docs := filepath.Join("site", "docs")
	files := []stamp.FileStat{
		{Path: filepath.Join("site", "mkdocs.yml"), Size: 10, Mod: 1},
		{Path: docs, Mode: fs.ModeDir},
		{Path: filepath.Join(docs, "a.md"), Size: 3, Mod: 7},
		{Path: filepath.Join(docs, "g"), Mode: fs.ModeDir},
		{Path: filepath.Join(docs, "g", "b.md"), Size: 4, Mod: 8},
		{Path: filepath.Join("site", "theme"), Mode: fs.ModeDir},
	}
	got, ok := listing(files)(docs)
	if !ok || len(got) != 4 || got[0].Path != docs || !got[0].Dir || got[1].State.Size != 3 || got[1].State.Mod.UnixNano() != 7 || !got[2].Dir || got[3].Path != filepath.Join(docs, "g", "b.md") {
		t.Fatalf("listing %+v, %v", got, ok)
	}
	if _, ok := listing(files)(filepath.Join("site", "other")); ok {
		t.Error("a folder the stamp did not walk is listed")
	}
	linked := append([]stamp.FileStat(nil), files...)
	linked[4].Mode |= fs.ModeSymlink
	if _, ok := listing(linked)(docs); ok {
		t.Error("a listing with a link is used")
	}
	unread := append([]stamp.FileStat(nil), files...)
	unread[2].Size = -1
	if _, ok := listing(unread)(docs); ok {
		t.Error("a listing with an entry the stamp could not read is used")
	}
	if listing(nil) != nil {
		t.Error("no files give a listing")
	}
}
