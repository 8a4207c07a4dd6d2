package site

import (
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"handbook/internal/site/frontmatter"
	"handbook/internal/srctree"
)

// found is a file of the content folder: its path in it, its path, and
// its state when a listing gave it (nil: unknown).
type found struct {
	rel, path string
	state     *FileState
}

// listedEntry is an entry of a listing as a walk gives it.
type listedEntry struct {
	entry srctree.Entry
	state *FileState
}

// listedFiles are the entries of the listing of the content folder
// opts.Listing gives, as a walk of it gives them; false when there is
// none, or when it holds what a walk reports or leaves out by itself
// (symbolic links, entries that could not be read, names no URL can
// carry, a folder twice) or its first entry is not the content folder:
// the folder is walked then.
func listedFiles(opts Options, contentDir string) ([]listedEntry, bool) {
	if opts.Listing == nil {
		return nil, false
	}
	listing, ok := opts.Listing(contentDir)
	if !ok || len(listing) == 0 || listing[0].Path != contentDir || !listing[0].Dir {
		return nil, false
	}
	prefix := contentDir + string(filepath.Separator)
	out := make([]listedEntry, 0, len(listing))
	out = append(out, listedEntry{entry: srctree.Entry{Rel: ".", Path: contentDir, Info: folder{}}})
	dirs := map[string]bool{}
	for i := 1; i < len(listing); i++ {
		f := &listing[i]
		rel, ok := strings.CutPrefix(f.Path, prefix)
		if !ok {
			return nil, false
		}
		rel = filepath.ToSlash(rel)
		if hidden(rel) {
			continue // (a name the listing's walk included and a load's does not)
		}
		if isBadName(rel) {
			return nil, false
		}
		e := listedEntry{entry: srctree.Entry{Rel: rel, Path: f.Path}}
		if f.Dir {
			if dirs[rel] {
				return nil, false
			}
			dirs[rel] = true
			e.entry.Info = folder{}
		} else {
			e.state = &f.State
		}
		out = append(out, e)
	}
	return out, true
}

// hidden reports whether a walk of the content folder leaves out the
// content-relative path rel: one of its names starts with "." (but the
// .meta.yml files).
func hidden(rel string) bool {
	if !strings.HasPrefix(rel, ".") && !strings.Contains(rel, "/.") {
		return false
	}
	for name := range strings.SplitSeq(rel, "/") {
		if strings.HasPrefix(name, ".") && name != frontmatter.MetaFile {
			return true
		}
	}
	return false
}

// folder is the information a listed folder has: that it is one.
type folder struct{}

func (folder) Name() string       { return "" }
func (folder) Size() int64        { return 0 }
func (folder) Mode() fs.FileMode  { return fs.ModeDir | 0o755 }
func (folder) ModTime() time.Time { return time.Time{} }
func (folder) IsDir() bool        { return true }
func (folder) Sys() any           { return nil }
