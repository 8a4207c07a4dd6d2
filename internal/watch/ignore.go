package watch

import (
	"path/filepath"
	"strings"
)

// Ignored reports whether a file or folder name (a base name, not a path) is
// noise that no rebuild should react to: editor swap files, backups, locks,
// IDE "safe write" temporaries, OS metadata and dotfiles in general.
func Ignored(name string) bool {
	switch {
	case name == "":
		return false
	case strings.HasPrefix(name, "."): // dotfiles, dot-folders, .#lock files, .DS_Store, .x.swp
		return true
	case name == "4913": // vim probes whether it may create files in the folder
		return true
	case strings.HasSuffix(name, "~"): // vim / emacs backups
		return true
	case strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"): // emacs auto-save
		return true
	case strings.Contains(name, "___jb_old___"), strings.Contains(name, "___jb_tmp___"): // JetBrains safe write
		return true
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".swp", ".swx", ".swo", ".tmp":
		return true
	}
	return false
}

// ignoredBelow reports whether any component of path below root is ignored,
// so that a file inside a dot-folder is ignored even though its own name is not.
// Components of root itself are not judged: a project may live under a dot-folder.
func ignoredBelow(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	if err != nil || rel == "." {
		return false
	}
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		if Ignored(part) {
			return true
		}
	}
	return false
}
