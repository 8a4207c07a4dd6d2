package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Protected names what a build reads and what the user stands in: the
// output folder may never be one of these, nor hold one of them, because
// replacing the output folder deletes what it holds. Empty fields are
// ignored.
type Protected struct {
	Source  string // the site folder
	Content string // the markdown folder (content/ or docs_dir): nothing may be written inside it either
	Config  string // the config file
	Theme   string // the site's theme folder: nothing may be written inside it either
	WorkDir string // the current directory
}

// CheckTarget refuses an output folder whose replacement would delete
// something handbook did not write: the source, the content, the config,
// the current directory or any folder holding one of them; a folder inside
// the content or theme (the output would be read back as input), unless the
// content folder is the project folder itself (content_dir: .), where the
// build leaves the output folder out of its inputs; the home
// folder, the file system root, or a folder holding a git repository.
// --force never overrides this. Paths are compared by identity (device and
// inode), so symbolic links, relative paths and case-insensitive file
// systems cannot hide a match.
func CheckTarget(out string, p Protected) error {
	abs, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	refuse := func(why string) error {
		return fmt.Errorf("refusing to use %s as the output folder: %s; choose a folder of its own, such as public/", out, why)
	}
	if isRoot(abs) {
		return refuse("it is the file system root")
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" && contains(abs, home) {
		return refuse("it is or holds the home folder " + home)
	}
	for _, pr := range []struct{ path, what string }{
		{p.Source, "the source folder"},
		{p.Content, "the content folder"},
		{p.Config, "the config file"},
		{p.Theme, "the theme folder"},
		{p.WorkDir, "the current directory"},
	} {
		if pr.path != "" && contains(abs, pr.path) {
			return refuse(fmt.Sprintf("it is or holds %s %s", pr.what, absPath(pr.path)))
		}
	}
	for _, pr := range []struct{ path, what string }{
		{p.Content, "the content folder"},
		{p.Theme, "the theme folder"},
	} {
		if pr.path == p.Content && p.Source != "" && contains(p.Content, p.Source) {
			// content_dir: . — the content folder is the project folder, and
			// the output has to be inside it: the build leaves it out of the
			// inputs (see srctree.Options.Exclude).
			continue
		}
		if pr.path != "" && inside(abs, pr.path) {
			return refuse(fmt.Sprintf("it is inside %s %s, so the output would be read back as input", pr.what, absPath(pr.path)))
		}
	}
	if _, err := os.Lstat(filepath.Join(abs, ".git")); err == nil {
		return refuse("it holds a git repository (.git)")
	}
	return nil
}

// contains reports whether folder dir is target or one of its ancestors.
// A target that does not exist has no ancestors on disk, so nothing
// contains it.
func contains(dir, target string) bool {
	di, err := os.Stat(dir)
	if err != nil || !di.IsDir() {
		return false
	}
	t, err := filepath.Abs(target)
	if err != nil {
		return false
	}
	if real, err := filepath.EvalSymlinks(t); err == nil {
		t = real
	} else if _, err := os.Lstat(t); err != nil {
		return false
	}
	return walkUp(t, func(info fs.FileInfo) bool { return os.SameFile(info, di) })
}

// inside reports whether path (which may not exist yet) is inside folder
// dir, or dir itself.
func inside(path, dir string) bool {
	di, err := os.Stat(dir)
	if err != nil || !di.IsDir() {
		return false
	}
	p, err := nearestExisting(path)
	if err != nil {
		return false
	}
	return walkUp(p, func(info fs.FileInfo) bool { return os.SameFile(info, di) })
}

// walkUp calls match on p and each of its parents (after resolving links)
// until it returns true.
func walkUp(p string, match func(fs.FileInfo) bool) bool {
	for {
		if info, err := os.Stat(p); err == nil && match(info) {
			return true
		}
		parent := filepath.Dir(p)
		if parent == p {
			return false
		}
		p = parent
	}
}

// nearestExisting returns path, or its nearest existing ancestor, with
// symbolic links resolved.
func nearestExisting(path string) (string, error) {
	p := filepath.Clean(path)
	for {
		real, err := filepath.EvalSymlinks(p)
		if err == nil {
			return real, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(p)
		if parent == p {
			return "", err
		}
		p = parent
	}
}

func isRoot(abs string) bool {
	return filepath.Dir(abs) == abs
}

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}
