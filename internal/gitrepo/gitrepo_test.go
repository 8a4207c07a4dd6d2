package gitrepo

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// commands are the ones Output reads, as the build asks them.
var commands = [][]string{
	{"remote", "get-url", "origin"},
	{"symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"},
	{"rev-parse", "--verify", "--quiet", "refs/remotes/origin/main"},
	{"rev-parse", "--verify", "--quiet", "refs/remotes/origin/master"},
	{"rev-parse", "--show-prefix"},
	{"rev-parse", "--is-shallow-repository", "--show-prefix", "HEAD"},
}

// isolate gives the test's git and Output the same, empty, system and
// global configs (the machine's are not read).
func isolate(t *testing.T) (systemConfig string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	systemConfig = filepath.Join(home, "system-gitconfig")
	saved := systemConfigs
	systemConfigs = func(string) []string { return []string{systemConfig} }
	t.Cleanup(func() { systemConfigs = saved })
	return systemConfig
}

// gitEnv is the environment the tests run git in.
func gitEnv(systemConfig string) []string {
	return append(os.Environ(), "GIT_CONFIG_SYSTEM="+systemConfig,
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
}

// git runs git for a test, failing it on error.
func git(t *testing.T, sys, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = gitEnv(sys)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// realGit is what git prints for args in dir, and whether it fails.
func realGit(sys, dir string, args ...string) (string, bool) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = gitEnv(sys)
	out, err := cmd.Output()
	return string(out), err != nil
}

// seed makes a repository with a commit on main (docs/index.md) and a
// clone of it, as git clone leaves one (origin/HEAD set).
func seed(t *testing.T, sys string, cloneArgs ...string) (origin, work string) {
	t.Helper()
	root := t.TempDir()
	origin = filepath.Join(root, "origin")
	if err := os.MkdirAll(filepath.Join(origin, "docs"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(origin, "docs", "index.md"), []byte("# Hi\n"), 0o644)
	git(t, sys, root, "init", "-q", "-b", "main", origin)
	git(t, sys, origin, "add", ".")
	git(t, sys, origin, "commit", "-q", "-m", "first")
	os.WriteFile(filepath.Join(origin, "docs", "index.md"), []byte("# Hello\n"), 0o644)
	git(t, sys, origin, "commit", "-q", "-am", "second")
	work = filepath.Join(root, "work")
	git(t, sys, root, append(append([]string{"clone", "-q"}, cloneArgs...), "file://"+origin, work)...)
	return origin, work
}

// sameAsGit checks that Output, in dir, answers every command as git
// does, reading the files (wantRead) or leaving it to git.
func sameAsGit(t *testing.T, sys, dir string, wantRead bool) {
	t.Helper()
	for _, args := range commands {
		want, wantFails := realGit(sys, dir, args...)
		got, err := Output(dir, args...)
		if errors.Is(err, ErrAskGit) {
			if wantRead {
				t.Errorf("%s: git %s: left to git, want read from the files", dir, strings.Join(args, " "))
			}
			continue
		}
		if (err != nil) != wantFails || got != want {
			t.Errorf("%s: git %s = %q, fails %v; Output = %q, %v", dir, strings.Join(args, " "), want, wantFails, got, err)
		}
	}
}

func TestCloneAnsweredFromFiles(t *testing.T) {
	sys := isolate(t)
	origin, work := seed(t, sys)
	sameAsGit(t, sys, work, true)
	sameAsGit(t, sys, filepath.Join(work, "docs"), true)
	sameAsGit(t, sys, origin, true) // no remote, no origin/HEAD
	sameAsGit(t, sys, filepath.Join(origin, "docs"), true)
}

func TestBranchesAndDetachedHead(t *testing.T) {
	sys := isolate(t)
	_, work := seed(t, sys)
	git(t, sys, work, "checkout", "-q", "-b", "topic/one")
	sameAsGit(t, sys, work, true)
	git(t, sys, work, "checkout", "-q", "--detach", "HEAD~1")
	sameAsGit(t, sys, filepath.Join(work, "docs"), true)
	git(t, sys, work, "remote", "set-head", "origin", "--delete")
	git(t, sys, work, "update-ref", "refs/remotes/origin/master", "HEAD")
	sameAsGit(t, sys, work, true)
}

func TestPackedRefs(t *testing.T) {
	sys := isolate(t)
	_, work := seed(t, sys)
	git(t, sys, work, "pack-refs", "--all")
	if _, err := os.Stat(filepath.Join(work, ".git", "refs", "heads", "main")); err == nil {
		t.Fatal("main is still a loose ref")
	}
	sameAsGit(t, sys, work, true)
	sameAsGit(t, sys, filepath.Join(work, "docs"), true)
}

func TestShallowClone(t *testing.T) {
	sys := isolate(t)
	_, work := seed(t, sys, "--depth", "1")
	sameAsGit(t, sys, work, true)
	if out, _ := Output(work, commands[5]...); !strings.HasPrefix(out, "true\n") {
		t.Errorf("shallow clone's state = %q", out)
	}
}

func TestSymlinkedFolder(t *testing.T) {
	sys := isolate(t)
	_, work := seed(t, sys)
	link := filepath.Join(t.TempDir(), "docs-link")
	if err := os.Symlink(filepath.Join(work, "docs"), link); err != nil {
		t.Fatal(err)
	}
	sameAsGit(t, sys, link, true)
}

func TestNoRepository(t *testing.T) {
	sys := isolate(t)
	dir := t.TempDir()
	if _, fails := realGit(sys, dir, "rev-parse", "--show-prefix"); !fails {
		t.Skip("the temporary folder is inside a git repository")
	}
	sameAsGit(t, sys, dir, true)
	sameAsGit(t, sys, filepath.Join(dir, "missing"), true)
}

// TestNoRepositoryUpToAMountPoint: a folder on a file system of its own
// (a RAM disk, a mounted volume) with no checkout in it is no repository,
// whatever the folders above the mount point hold; git stops there, and
// so does Output, without running it.
func TestNoRepositoryUpToAMountPoint(t *testing.T) {
	const ramDisk = "/dev/shm"
	var shm, parent syscall.Stat_t
	if syscall.Stat(ramDisk, &shm) != nil || syscall.Stat(filepath.Dir(ramDisk), &parent) != nil || shm.Dev == parent.Dev {
		t.Skip(ramDisk + " is not a file system of its own here")
	}
	sys := isolate(t)
	dir, err := os.MkdirTemp(ramDisk, "gitrepo-test-")
	if err != nil {
		t.Skip(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if _, fails := realGit(sys, dir, "rev-parse", "--show-prefix"); !fails {
		t.Fatalf("git finds a repository in %s", dir)
	}
	sameAsGit(t, sys, dir, true)
}

func TestRemoteURLWithComment(t *testing.T) {
	sys := isolate(t)
	_, work := seed(t, sys)
	git(t, sys, work, "remote", "set-url", "origin", "git@github.com:acme/handbook.git")
	cfg := filepath.Join(work, ".git", "config")
	b, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, append([]byte("# a comment\n"), strings.Replace(string(b), "handbook.git", "handbook.git ; trailing", 1)...), 0o644)
	sameAsGit(t, sys, work, true)
}

// TestUnusualLeftToGit: what Output does not read is left to git (and
// what the files would answer is not trusted).
func TestUnusualLeftToGit(t *testing.T) {
	cases := map[string]func(t *testing.T, sys, work string) (dir string){
		"linked worktree": func(t *testing.T, sys, work string) string {
			linked := filepath.Join(t.TempDir(), "linked")
			git(t, sys, work, "worktree", "add", "-q", "-b", "other", linked)
			return linked
		},
		"GIT_DIR": func(t *testing.T, sys, work string) string {
			t.Setenv("GIT_DIR", filepath.Join(work, ".git"))
			return work
		},
		"GIT_CEILING_DIRECTORIES": func(t *testing.T, sys, work string) string {
			t.Setenv("GIT_CEILING_DIRECTORIES", work)
			return filepath.Join(work, "docs")
		},
		"config include": func(t *testing.T, sys, work string) string {
			extra := filepath.Join(t.TempDir(), "extra")
			os.WriteFile(extra, []byte("[remote \"origin\"]\n\turl = https://example.com/other/repo\n"), 0o644)
			git(t, sys, work, "config", "include.path", extra)
			return work
		},
		"insteadOf in the global config": func(t *testing.T, sys, work string) string {
			os.WriteFile(filepath.Join(os.Getenv("HOME"), ".gitconfig"), []byte("[url \"https://mirror.example/\"]\n\tinsteadOf = file://\n"), 0o644)
			return work
		},
		"insteadOf in the system config": func(t *testing.T, sys, work string) string {
			os.WriteFile(sys, []byte("[url \"https://mirror.example/\"]\n\tinsteadOf = file://\n"), 0o644)
			return work
		},
		"quoted value": func(t *testing.T, sys, work string) string {
			git(t, sys, work, "config", "remote.origin.url", "https://example.com/a b/\"c\"")
			return work
		},
		"ref storage": func(t *testing.T, sys, work string) string {
			git(t, sys, work, "config", "core.repositoryformatversion", "1")
			git(t, sys, work, "config", "extensions.refStorage", "reftable")
			return work
		},
		"core.worktree": func(t *testing.T, sys, work string) string {
			git(t, sys, work, "config", "core.worktree", filepath.Join(work, "docs"))
			return work
		},
		"bare repository": func(t *testing.T, sys, work string) string {
			bare := filepath.Join(t.TempDir(), "bare.git")
			git(t, sys, work, "clone", "-q", "--bare", work, bare)
			return bare
		},
		"inside .git": func(t *testing.T, sys, work string) string {
			return filepath.Join(work, ".git", "refs")
		},
	}
	for name, setup := range cases {
		t.Run(name, func(t *testing.T) {
			sys := isolate(t)
			_, work := seed(t, sys)
			dir := setup(t, sys, work)
			for _, args := range commands {
				if out, err := Output(dir, args...); !errors.Is(err, ErrAskGit) {
					t.Errorf("git %s = %q, %v; want it left to git", strings.Join(args, " "), out, err)
				}
			}
		})
	}
}

func TestUnbornBranchStateLeftToGit(t *testing.T) {
	sys := isolate(t)
	dir := t.TempDir()
	git(t, sys, dir, "init", "-q", "-b", "main")
	if _, err := Output(dir, commands[5]...); !errors.Is(err, ErrAskGit) {
		t.Errorf("unborn branch's state: %v, want it left to git", err)
	}
	sameAsGit(t, sys, dir, false)
}

func TestOtherCommandsLeftToGit(t *testing.T) {
	for _, args := range [][]string{
		{"log"}, {"rev-parse", "HEAD"}, {"remote", "get-url", "--push", "origin"},
		{"rev-parse", "--verify", "--quiet", "main"}, {"rev-parse", "--verify", "--quiet", "refs/heads/../x"},
		{"symbolic-ref", "--quiet", "HEAD"},
	} {
		if _, err := Output(".", args...); !errors.Is(err, ErrAskGit) {
			t.Errorf("git %s: %v, want it left to git", strings.Join(args, " "), err)
		}
	}
}

func TestParseConfig(t *testing.T) {
	entries, ok := parseConfig([]byte("; c\n[core]\n\tbare = false\n\tfilemode\n[remote \"Origin\"]\n  URL = https://x/y # c\n"))
	want := []entry{{"core", "", "bare", "false"}, {"core", "", "filemode", "true"}, {"remote", "Origin", "url", "https://x/y"}}
	if !ok || len(entries) != len(want) {
		t.Fatalf("parseConfig = %v, %v", entries, ok)
	}
	for i := range want {
		if entries[i] != want[i] {
			t.Errorf("entry %d = %+v, want %+v", i, entries[i], want[i])
		}
	}
	for _, bad := range []string{"[a.b]\nx = 1\n", "x = 1\n", "[a]\nx = \"q\"\n", "[a]\nx = 1\\\n2\n", "[a] x = 1\n", "[a \"s\\\"\"]\n"} {
		if _, ok := parseConfig([]byte(bad)); ok {
			t.Errorf("parseConfig(%q) read it", bad)
		}
	}
}
