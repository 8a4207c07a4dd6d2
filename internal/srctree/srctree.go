// Package srctree is how every reader of the project's folders (content or
// docs_dir, theme, custom_dir, snippet base paths, the build stamp, the
// watcher, handbook fix) lists and opens files, under one rule for
// symbolic links:
//
//   - a link whose target lies inside the project folder, or inside the
//     folder being read, is followed, whether it names a file or a folder;
//   - a link to anywhere else, a broken link, and a link to a folder that
//     encloses it (a loop) are not followed, and each is reported at the
//     link's own path.
//
// The folder being read may itself be a link (`ln -s docs content`): it was
// named by the project, so it is followed wherever it leads.
package srctree

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// OutputMarker is the file handbook writes at the top of every output
// folder it builds; a folder holding it is never read as input.
const OutputMarker = ".handbook-output"

// MaxEntries bounds one walk: links to sibling folders can make a small tree
// list the same files many times over, and a walk past this many entries
// stops with an error instead of running for ever.
const MaxEntries = 1 << 20

// Options say where links may lead and what a walk leaves out.
type Options struct {
	// Within are the folders links may lead into besides the walked folder
	// itself: the project folder.
	Within []string
	// Exclude are folders never read (the output folder), compared by
	// identity (device and inode), so links and relative paths cannot hide
	// them. A folder holding OutputMarker is always left out too.
	Exclude []string
	// Dotfiles includes names starting with "." (left out by default, with
	// everything under a dot-folder).
	Dotfiles bool
	// Include are names starting with "." listed all the same (MkDocs'
	// .meta.yml).
	Include []string
	// Problem, when set, receives each link that is not followed and each
	// entry that cannot be read, by slash path relative to the root.
	Problem func(rel, msg string)
	// NoFileInfo gives the walk function each regular file (not a link)
	// without its Info, which the walk then does not read: a caller that
	// needs the files' size or time reads them itself (in parallel), or
	// has them already.
	NoFileInfo bool
}

// Entry is one file or folder of a walk.
type Entry struct {
	Rel  string      // slash-separated, relative to the walked folder ("." for the folder itself)
	Path string      // the walked folder joined with Rel: the path through any links
	Info fs.FileInfo // the file's or folder's own (a link's target); nil for a file with Options.NoFileInfo
	Link bool        // Path is a symbolic link (followed)
}

// IsDir reports whether the entry is a folder.
func (e Entry) IsDir() bool { return e.Info != nil && e.Info.IsDir() }

// SkipDir, returned by a walk function on a folder, leaves it out.
var SkipDir = fs.SkipDir

// walker holds one walk's state.
type walker struct {
	opts     Options
	allowed  []string      // real paths links may lead into
	excluded []fs.FileInfo // folders never read
	fn       func(Entry) error
	entries  int
}

// Walk calls fn for root and for every file and folder below it, in name
// order, following links as the package documentation says. A root that
// does not exist is an error wrapping fs.ErrNotExist. Files that are
// neither regular files nor folders (sockets, pipes, devices) are skipped
// and reported: reading a pipe would block the build.
func Walk(root string, opts Options, fn func(Entry) error) error {
	info, err := os.Stat(root)
	if err != nil {
		return err
	}
	w := &walker{opts: opts, fn: fn}
	realRoot, err := realAbs(root)
	if err != nil {
		return err
	}
	w.allowed = append(w.allowed, realRoot)
	for _, p := range opts.Within {
		if real, err := realAbs(p); err == nil {
			w.allowed = append(w.allowed, real)
		}
	}
	for _, p := range opts.Exclude {
		if ex, err := os.Stat(p); err == nil && ex.IsDir() {
			w.excluded = append(w.excluded, ex)
		}
	}
	if !info.IsDir() {
		return fn(Entry{Rel: ".", Path: root, Info: info})
	}
	if err := fn(Entry{Rel: ".", Path: root, Info: info}); err != nil {
		if errors.Is(err, SkipDir) {
			return nil
		}
		return err
	}
	return w.dir(root, ".", []string{realRoot})
}

// dir walks the folder at p (rel from the root); ancestors are the real
// paths of the folders it is in, itself included, to detect loops.
func (w *walker) dir(p, rel string, ancestors []string) error {
	entries, err := os.ReadDir(p)
	if err != nil {
		w.problem(rel, fmt.Sprintf("cannot read folder: %v", err))
		return nil
	}
	for _, d := range entries {
		name := d.Name()
		if !w.opts.Dotfiles && strings.HasPrefix(name, ".") && !slices.Contains(w.opts.Include, name) {
			continue
		}
		w.entries++
		if w.entries > MaxEntries {
			return fmt.Errorf("%s: more than %d files and folders (do symbolic links include the same folders many times?)", p, MaxEntries)
		}
		if err := w.entry(filepath.Join(p, name), path.Join(rel, name), d, ancestors); err != nil {
			return err
		}
	}
	return nil
}

// entry handles one name found in a folder.
func (w *walker) entry(p, rel string, d fs.DirEntry, ancestors []string) error {
	link := d.Type()&fs.ModeSymlink != 0
	var info fs.FileInfo
	var real string
	var err error
	if link {
		if real, info, err = w.follow(p); err != nil {
			w.problem(rel, err.Error())
			return nil
		}
	} else if w.opts.NoFileInfo && d.Type().IsRegular() {
		return skipped(w.fn(Entry{Rel: rel, Path: p}))
	} else if info, err = d.Info(); err != nil {
		if !errors.Is(err, fs.ErrNotExist) { // vanished since the folder was read
			w.problem(rel, fmt.Sprintf("cannot read: %v", err))
		}
		return nil
	}
	switch {
	case info.IsDir():
		if w.isExcluded(p, info) {
			return nil
		}
		if real == "" { // a plain folder: its parent's real path and its name
			real = filepath.Join(ancestors[len(ancestors)-1], filepath.Base(p))
		}
		if slices.Contains(ancestors, real) {
			w.problem(rel, fmt.Sprintf("symbolic link to %s, a folder that holds the link (a loop): not followed", real))
			return nil
		}
		err := w.fn(Entry{Rel: rel, Path: p, Info: info, Link: link})
		if errors.Is(err, SkipDir) {
			return nil
		}
		if err != nil {
			return err
		}
		return w.dir(p, rel, append(ancestors[:len(ancestors):len(ancestors)], real))
	case !info.Mode().IsRegular():
		w.problem(rel, fmt.Sprintf("not a regular file (%s): skipped", info.Mode().Type()))
		return nil
	}
	return skipped(w.fn(Entry{Rel: rel, Path: p, Info: info, Link: link}))
}

// skipped is a walk function's error on a file: SkipDir means nothing
// there.
func skipped(err error) error {
	if errors.Is(err, SkipDir) {
		return nil
	}
	return err
}

// follow resolves a link, refusing targets outside the allowed folders.
func (w *walker) follow(p string) (string, fs.FileInfo, error) {
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		target, _ := os.Readlink(p)
		return "", nil, fmt.Errorf("broken symbolic link (to %s): skipped", target)
	}
	real, err = filepath.Abs(real)
	if err != nil {
		return "", nil, err
	}
	if !w.isAllowed(real) {
		return "", nil, fmt.Errorf("symbolic link to %s, outside the project folder: not followed", real)
	}
	info, err := os.Stat(real)
	if err != nil {
		return "", nil, fmt.Errorf("broken symbolic link (to %s): skipped", real)
	}
	return real, info, nil
}

func (w *walker) isAllowed(real string) bool {
	for _, a := range w.allowed {
		if Inside(a, real) {
			return true
		}
	}
	return false
}

// isExcluded reports whether the folder at p is left out: an excluded
// folder, or a handbook output folder.
func (w *walker) isExcluded(p string, info fs.FileInfo) bool {
	for _, ex := range w.excluded {
		if os.SameFile(ex, info) {
			return true
		}
	}
	_, err := os.Lstat(filepath.Join(p, OutputMarker))
	return err == nil
}

func (w *walker) problem(rel, msg string) {
	if w.opts.Problem != nil {
		w.opts.Problem(rel, msg)
	}
}

// Listing is what List found.
type Listing struct {
	Files []Entry // files, in walk order (sorted by path)
	Dirs  []Entry // folders below the root
}

// List walks root (see Walk) and returns its files and folders.
func List(root string, opts Options) (Listing, error) {
	var l Listing
	err := Walk(root, opts, func(e Entry) error {
		switch {
		case e.Rel == ".":
		case e.IsDir():
			l.Dirs = append(l.Dirs, e)
		default:
			l.Files = append(l.Files, e)
		}
		return nil
	})
	return l, err
}

// ErrOutside is wrapped by the error of Resolve and ReadFile for a file
// whose links lead out of the folders it may be read from.
var ErrOutside = errors.New("outside the project folder")

// Resolve checks one file a project names (a snippet, custom_dir's
// main.html, the blog's authors) under the same rule: it returns the
// file's real path when every link on its way leads inside one of the
// folders within, and otherwise an error wrapping ErrOutside whose message
// names the link's target, for a warning at the file's own path.
func Resolve(p string, within ...string) (string, error) {
	real, err := realAbs(p)
	if err != nil {
		return "", err
	}
	for _, dir := range within {
		if d, err := realAbs(dir); err == nil && Inside(d, real) {
			return real, nil
		}
	}
	return "", fmt.Errorf("symbolic link to %s, %w: not read", real, ErrOutside)
}

// ReadFile reads a file a project names under the rule of Resolve. A file
// that does not exist is an error wrapping fs.ErrNotExist.
func ReadFile(p string, within ...string) ([]byte, error) {
	real, err := Resolve(p, within...)
	if err != nil {
		return nil, err
	}
	return os.ReadFile(real)
}

// realAbs is the absolute path of p with every link resolved.
func realAbs(p string) (string, error) {
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return "", err
	}
	return filepath.Abs(real)
}

// Inside reports whether path is dir or below it (both absolute and clean).
func Inside(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && !filepath.IsAbs(rel) && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// FS is the folder root as an fs.FS that opens a file only when every link
// on its way leads inside root or one of the folders within (see Resolve):
// for readers that open files by name, such as page templates.
func FS(root string, within ...string) fs.FS {
	return dirFS{root: root, within: append([]string{root}, within...)}
}

type dirFS struct {
	root   string
	within []string
}

func (d dirFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	p := filepath.Join(d.root, filepath.FromSlash(name))
	if _, err := Resolve(p, d.within...); err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return os.Open(p)
}
