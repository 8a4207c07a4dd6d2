// Package gitrepo answers a few read-only git commands from a checkout's
// own files, printing what git prints, so that a build that finds nothing
// changed starts no git process (each costs a millisecond or more).
//
// Only the plain layout is read: a .git folder at the top of the working
// tree, loose refs and packed-refs, config files without includes or URL
// rewriting. Anything else (a .git file of a linked worktree or a
// submodule, a bare repository, the GIT_DIR family of environment
// variables, reftable, a folder owned by someone else, …) is ErrAskGit:
// the caller runs git, which knows.
package gitrepo

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
)

// ErrAskGit is Output's answer when the files alone cannot tell: run git.
var ErrAskGit = errors.New("gitrepo: ask git")

// errFails stands for git exiting with an error (not a repository, no such
// remote, no such ref).
var errFails = errors.New("gitrepo: git fails")

// Output is what `git args…` run in dir prints, or an error where git
// fails, for these commands:
//
//	remote get-url NAME
//	symbolic-ref --quiet REF
//	rev-parse --verify --quiet REF
//	rev-parse --show-prefix
//	rev-parse --is-shallow-repository --show-prefix HEAD
//
// ErrAskGit for any other command, or when the repository is not laid out
// plainly.
func Output(dir string, args ...string) (string, error) {
	if len(args) == 0 || unusualEnv(os.Environ()) {
		return "", ErrAskGit
	}
	cmd := strings.Join(args, " ")
	if !known(cmd) {
		return "", ErrAskGit
	}
	r, err := discover(dir)
	if err != nil {
		return "", err
	}
	switch {
	case cmd == "rev-parse --show-prefix":
		return r.prefix + "\n", nil
	case cmd == "rev-parse --is-shallow-repository --show-prefix HEAD":
		return r.state()
	case strings.HasPrefix(cmd, "remote get-url "):
		return r.remoteURL(args[2])
	case strings.HasPrefix(cmd, "symbolic-ref --quiet "):
		return r.symbolicRef(args[2])
	default: // rev-parse --verify --quiet REF
		return r.verify(args[3])
	}
}

// Run is the standard output of `git args…` run in dir, as Output reads
// it or, when it cannot, from git; an error when git fails or is missing.
func Run(dir string, args ...string) (string, error) {
	out, err := Output(dir, args...)
	if !errors.Is(err, ErrAskGit) {
		return out, err
	}
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	b, err := cmd.Output()
	return string(b), err
}

// known reports whether Output reads cmd from the files.
func known(cmd string) bool {
	args := strings.Split(cmd, " ")
	switch {
	case cmd == "rev-parse --show-prefix", cmd == "rev-parse --is-shallow-repository --show-prefix HEAD":
		return true
	case len(args) == 3 && args[0] == "remote" && args[1] == "get-url":
		return isRemoteName(args[2])
	case len(args) == 3 && args[0] == "symbolic-ref" && args[1] == "--quiet":
		return isPlainRef(args[2])
	case len(args) == 4 && args[0] == "rev-parse" && args[1] == "--verify" && args[2] == "--quiet":
		return isPlainRef(args[3])
	}
	return false
}

// isPlainRef reports whether s is a full ref name of the plainest kind
// (refs/…, letters, digits and "._-/", no "..", no part starting with a
// dot), which names the same file in every repository.
func isPlainRef(s string) bool {
	rest, ok := strings.CutPrefix(s, "refs/")
	if !ok || rest == "" || strings.Contains(s, "..") || strings.Contains(s, "//") || strings.Contains(s, "/.") ||
		strings.HasSuffix(s, "/") || strings.HasSuffix(s, ".lock") {
		return false
	}
	return allOf(rest, func(c byte) bool { return isAlnum(c) || strings.IndexByte("._/-", c) >= 0 })
}

// isRemoteName reports whether s is a remote name of the plainest kind.
func isRemoteName(s string) bool {
	return s != "" && s[0] != '-' && allOf(s, func(c byte) bool { return isAlnum(c) || c == '-' })
}

// isObjectID reports whether s is an object id: SHA-1 or SHA-256, in
// hexadecimal.
func isObjectID(s string) bool {
	return (len(s) == 40 || len(s) == 64) && allOf(s, func(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' })
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// allOf reports whether every byte of s is one ok accepts.
func allOf(s string, ok func(byte) bool) bool {
	for i := range len(s) {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

// unusualEnv reports whether env sets a variable that moves or reshapes
// the repository git finds, or its configuration.
func unusualEnv(env []string) bool {
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		for _, p := range []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES",
			"GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_CONFIG", "GIT_NAMESPACE", "GIT_OBJECT_DIRECTORY",
			"GIT_REPLACE_REF_BASE", "GIT_SHALLOW_FILE", "GIT_TEST_", "GIT_IMPLICIT_WORK_TREE", "GIT_REF", "GIT_DEFAULT_HASH"} {
			if strings.HasPrefix(name, p) {
				return true
			}
		}
	}
	return false
}

// repo is a plainly laid out checkout, as seen from the folder git runs in.
type repo struct {
	gitDir string  // the .git folder
	prefix string  // the folder's path from the top of the working tree, "" or ending in "/"
	config []entry // every config file's entries, system first
	packed []byte  // packed-refs, read when first needed
	read   bool    // packed was read
}

// lkind is the type of the file at p, not following a link
// (fs.ModeIrregular when there is none; fs.ModeSymlink when it cannot
// tell).
func lkind(p string) fs.FileMode {
	info, err := os.Lstat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fs.ModeIrregular
	case err != nil:
		return fs.ModeSymlink
	}
	return info.Mode().Type()
}

// open reads the checkout whose top folder is top, for git run in start.
func open(top, start string) (*repo, error) {
	gitDir := filepath.Join(top, ".git")
	git, err := exec.LookPath("git")
	if err != nil {
		return nil, errFails // as running git does
	}
	if !owned(top) || !owned(gitDir) {
		return nil, ErrAskGit // git refuses it unless safe.directory says otherwise
	}
	if lkind(filepath.Join(gitDir, "HEAD")) != 0 || lkind(filepath.Join(gitDir, "objects")) != fs.ModeDir ||
		lkind(filepath.Join(gitDir, "refs")) != fs.ModeDir || lkind(filepath.Join(gitDir, "commondir")) != fs.ModeIrregular {
		return nil, ErrAskGit
	}
	prefix, err := filepath.Rel(top, start)
	if err != nil || strings.HasPrefix(prefix, "..") {
		return nil, ErrAskGit
	}
	r := &repo{gitDir: gitDir}
	if prefix != "." {
		r.prefix = filepath.ToSlash(prefix) + "/"
	}
	if err := r.readConfig(systemConfigs(git)); err != nil {
		return nil, err
	}
	return r, nil
}

// systemConfigs are where the system config of the git program at git
// may be: PREFIX/etc/gitconfig for git installed in PREFIX/bin (where it
// is found or, when that is a link, where the link leads), /etc/gitconfig
// when PREFIX is /usr.
var systemConfigs = func(git string) []string {
	files := []string{"/etc/gitconfig", filepath.Join(filepath.Dir(filepath.Dir(git)), "etc", "gitconfig")}
	if real, err := filepath.EvalSymlinks(git); err == nil && real != git {
		files = append(files, filepath.Join(filepath.Dir(filepath.Dir(real)), "etc", "gitconfig"))
	}
	return files
}

// readConfig reads the system, global and repository config files,
// refusing (ErrAskGit) what changes the answers in ways not read here.
func (r *repo) readConfig(system []string) error {
	home := os.Getenv("HOME")
	xdg := os.Getenv("XDG_CONFIG_HOME")
	if xdg == "" && home != "" {
		xdg = filepath.Join(home, ".config")
	}
	files := system
	if xdg != "" {
		files = append(files, filepath.Join(xdg, "git", "config"))
	}
	if home != "" {
		files = append(files, filepath.Join(home, ".gitconfig"))
	}
	for _, f := range files {
		entries, err := readConfigFile(f)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if e.section == "remote" || e.section == "core" && (e.key == "worktree" || e.key == "bare") {
				return ErrAskGit
			}
		}
		r.config = append(r.config, entries...)
	}
	entries, err := readConfigFile(filepath.Join(r.gitDir, "config"))
	if err != nil {
		return err
	}
	for _, e := range entries {
		switch {
		case e.section == "core" && e.key == "worktree",
			e.section == "core" && e.key == "bare" && e.value != "false",
			e.section == "core" && e.key == "repositoryformatversion" && e.value != "0" && e.value != "1",
			e.section == "extensions" && e.key != "objectformat":
			return ErrAskGit
		}
	}
	r.config = append(r.config, entries...)
	return nil
}

// readConfigFile reads a config file (none when it does not exist);
// ErrAskGit for one with includes or URL rewriting.
func readConfigFile(p string) ([]entry, error) {
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, ErrAskGit
	}
	entries, ok := parseConfig(b)
	if !ok {
		return nil, ErrAskGit
	}
	for _, e := range entries {
		if e.section == "include" || e.section == "includeif" || e.section == "url" {
			return nil, ErrAskGit
		}
	}
	return entries, nil
}

// state is what `git rev-parse --is-shallow-repository --show-prefix HEAD`
// prints.
func (r *repo) state() (string, error) {
	shallow := "false"
	switch info, err := os.Stat(filepath.Join(r.gitDir, "shallow")); {
	case err == nil && info.Mode().IsRegular() && info.Size() > 0:
		shallow = "true"
	case !errors.Is(err, fs.ErrNotExist):
		return "", ErrAskGit
	}
	head, found, err := r.resolve("HEAD")
	if err != nil || !found {
		return "", ErrAskGit // an unborn branch: git's dwim rules go on looking
	}
	return shallow + "\n" + r.prefix + "\n" + head + "\n", nil
}

// remoteURL is what `git remote get-url name` prints: the remote's first
// URL.
func (r *repo) remoteURL(name string) (string, error) {
	configured := false
	for _, e := range r.config {
		if e.section != "remote" || e.sub != name {
			continue
		}
		configured = true
		if e.key == "url" {
			if e.value == "" {
				return "", ErrAskGit
			}
			return e.value + "\n", nil
		}
	}
	if configured {
		return "", ErrAskGit // a remote without a URL
	}
	for _, legacy := range []string{"remotes", "branches"} {
		if lkind(filepath.Join(r.gitDir, legacy, name)) != fs.ModeIrregular {
			return "", ErrAskGit // a remote defined the old way
		}
	}
	return "", errFails
}

// symbolicRef is what `git symbolic-ref --quiet ref` prints: where a
// symbolic ref points.
func (r *repo) symbolicRef(ref string) (string, error) {
	b, err := os.ReadFile(filepath.Join(r.gitDir, filepath.FromSlash(ref)))
	switch {
	case errors.Is(err, fs.ErrNotExist) || isDirErr(err):
		return "", errFails // missing (or packed, which is never symbolic)
	case err != nil:
		return "", ErrAskGit
	}
	target, symbolic, ok := parseRef(b)
	switch {
	case !ok:
		return "", ErrAskGit
	case !symbolic:
		return "", errFails
	}
	return target + "\n", nil
}

// verify is what `git rev-parse --verify --quiet ref` prints: the object
// the first of git's candidate names for ref names.
func (r *repo) verify(ref string) (string, error) {
	for _, name := range []string{ref, "refs/" + ref, "refs/tags/" + ref, "refs/heads/" + ref, "refs/remotes/" + ref, "refs/remotes/" + ref + "/HEAD"} {
		id, found, err := r.resolve(name)
		if err != nil {
			return "", err
		}
		if found {
			return id + "\n", nil
		}
	}
	return "", errFails
}

// resolve is the object id ref names, through one symbolic ref (as HEAD
// names a branch): found is false when there is no such ref. A symbolic
// ref that leads nowhere, or to another, is ErrAskGit.
func (r *repo) resolve(ref string) (id string, found bool, err error) {
	for depth := 0; depth < 2; depth++ {
		b, err := os.ReadFile(filepath.Join(r.gitDir, filepath.FromSlash(ref)))
		switch {
		case err == nil:
			target, symbolic, ok := parseRef(b)
			if !ok {
				return "", false, ErrAskGit
			}
			if !symbolic {
				return target, true, nil
			}
			if depth > 0 || !isPlainRef(target) {
				return "", false, ErrAskGit // deeper chains are left to git
			}
			ref = target
			continue
		case !errors.Is(err, fs.ErrNotExist) && !isDirErr(err):
			return "", false, ErrAskGit
		}
		id, found, err := r.packedRef(ref)
		if depth > 0 && (err != nil || !found) {
			return "", false, ErrAskGit
		}
		return id, found, err
	}
	return "", false, ErrAskGit
}

// isDirErr reports whether err is reading a folder as a file, or a file
// as a folder: no loose ref there.
func isDirErr(err error) bool {
	return errors.Is(err, syscall.EISDIR) || errors.Is(err, syscall.ENOTDIR)
}

// parseRef reads a loose ref's file: an object id, or "ref: " and the
// name of the ref it points to.
func parseRef(b []byte) (target string, symbolic, ok bool) {
	s, hadNewline := strings.CutSuffix(string(b), "\n")
	if !hadNewline || strings.ContainsAny(s, "\n\r") {
		return "", false, false
	}
	if name, isSym := strings.CutPrefix(s, "ref: "); isSym {
		return name, true, name != ""
	}
	return s, false, isObjectID(s)
}

// packedRef looks ref up in packed-refs.
func (r *repo) packedRef(ref string) (id string, found bool, err error) {
	if !r.read {
		r.read = true
		b, err := os.ReadFile(filepath.Join(r.gitDir, "packed-refs"))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", false, ErrAskGit
		}
		r.packed = b
	}
	for line := range bytes.Lines(r.packed) {
		line = bytes.TrimSuffix(line, []byte("\n"))
		if len(line) == 0 || line[0] == '#' || line[0] == '^' {
			continue
		}
		hex, name, ok := bytes.Cut(line, []byte(" "))
		if !ok || !isObjectID(string(hex)) {
			return "", false, ErrAskGit
		}
		if string(name) == ref {
			return string(hex), true, nil
		}
	}
	return "", false, nil
}
