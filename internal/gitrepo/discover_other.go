//go:build !unix

package gitrepo

// discover leaves every question to git where the checks of
// discover_unix.go (the file system's boundary, the owner git requires)
// are not written: git runs as before.
func discover(dir string) (*repo, error) {
	return nil, ErrAskGit
}

// owned cannot tell here: git is asked.
func owned(string) bool { return false }
