//go:build unix

package gitrepo

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// discover finds the checkout of dir as git does: from the folder itself
// (symbolic links resolved, as the process's working folder has them) up
// to the root, the first one with a .git.
func discover(dir string) (*repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, ErrAskGit
	}
	start, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, errFails // git cannot even start there
	}
	var here syscall.Stat_t
	if syscall.Stat(start, &here) != nil || here.Mode&syscall.S_IFMT != syscall.S_IFDIR {
		return nil, errFails
	}
	for d := start; ; d = filepath.Dir(d) {
		var st syscall.Stat_t
		if syscall.Lstat(d, &st) != nil {
			return nil, ErrAskGit
		}
		if st.Dev != here.Dev {
			// git stops at a file system's boundary (GIT_DISCOVERY_ACROSS_FILESYSTEM,
			// which lets it go on, is left to git): not a repository.
			return nil, errFails
		}
		switch kind := lkind(filepath.Join(d, ".git")); kind {
		case fs.ModeDir:
			return open(d, start)
		case fs.ModeIrregular: // absent
		default:
			return nil, ErrAskGit // a .git file (a linked worktree, a submodule) or link
		}
		if lkind(filepath.Join(d, "HEAD")) != fs.ModeIrregular {
			return nil, ErrAskGit // a bare repository, or inside a .git folder
		}
		if d == filepath.Dir(d) {
			return nil, errFails // not a repository
		}
	}
}

// owned reports whether the current user owns p, as git requires of a
// repository it reads.
func owned(p string) bool {
	var st syscall.Stat_t
	if syscall.Lstat(p, &st) != nil {
		return false
	}
	euid := os.Geteuid()
	if euid == 0 && os.Getenv("SUDO_UID") != "" {
		return false // git then checks the owner against SUDO_UID
	}
	return int(st.Uid) == euid
}
