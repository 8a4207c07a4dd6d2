package repoinfo

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseRemote(t *testing.T) {
	cases := []struct{ remote, url, name string }{
		{"https://github.com/acme/handbook.git", "https://github.com/acme/handbook", "acme/handbook"},
		{"https://github.com/acme/handbook", "https://github.com/acme/handbook", "acme/handbook"},
		{"https://github.com/acme/handbook/", "https://github.com/acme/handbook", "acme/handbook"},
		{"https://x-access-token:ghs_secret@github.com/acme/handbook", "https://github.com/acme/handbook", "acme/handbook"},
		{"https://GitHub.com/Acme/Handbook.git", "https://github.com/Acme/Handbook", "Acme/Handbook"},
		{"https://git.example.com:8443/team/docs.git", "https://git.example.com:8443/team/docs", "team/docs"},
		{"http://git.local/team/docs.git", "http://git.local/team/docs", "team/docs"},
		{"ssh://git@github.com/acme/handbook.git", "https://github.com/acme/handbook", "acme/handbook"},
		{"ssh://git@gitlab.example.com:2222/group/sub/docs.git", "https://gitlab.example.com/group/sub/docs", "group/sub/docs"},
		{"git://github.com/acme/handbook", "https://github.com/acme/handbook", "acme/handbook"},
		{"git@github.com:acme/handbook.git", "https://github.com/acme/handbook", "acme/handbook"},
		{"github.com:acme/handbook", "https://github.com/acme/handbook", "acme/handbook"},
		{"org-1234@github.com:acme/handbook.git", "https://github.com/acme/handbook", "acme/handbook"},
		{"  git@gitlab.com:group/docs.git\n", "https://gitlab.com/group/docs", "group/docs"},
	}
	for _, c := range cases {
		u, name, ok := ParseRemote(c.remote)
		if !ok || u != c.url || name != c.name {
			t.Errorf("ParseRemote(%q) = %q, %q, %v; want %q, %q", c.remote, u, name, ok, c.url, c.name)
		}
	}
	for _, bad := range []string{"", "/srv/git/handbook.git", "../handbook", "file:///srv/git/handbook.git",
		`C:\repos\handbook`, "C:/repos/handbook", "https://github.com/", "https://github.com/acme", "git@github.com:handbook.git", "ftp://host/a/b"} {
		if u, name, ok := ParseRemote(bad); ok {
			t.Errorf("ParseRemote(%q) = %q, %q; want no web address", bad, u, name)
		}
	}
}

func env(vars map[string]string) Env { return func(k string) string { return vars[k] } }

func files(m map[string]string) ReadFile {
	return func(name string) ([]byte, error) {
		if s, ok := m[name]; ok {
			return []byte(s), nil
		}
		return nil, os.ErrNotExist
	}
}

func noGit(dir string, args ...string) (string, error) { return "", errors.New("git: not found") }

func actionsEnv() map[string]string {
	return map[string]string{
		"GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/handbook",
		"GITHUB_EVENT_PATH": "/run/event.json", "GITHUB_REF_NAME": "42/merge", "GITHUB_HEAD_REF": "fix-typo", "GITHUB_BASE_REF": "release",
	}
}

func TestInferFromActions(t *testing.T) {
	r, ok := Infer(Sources{Env: env(actionsEnv()), ReadFile: files(map[string]string{
		"/run/event.json": `{"pull_request":{"head":{"ref":"fix-typo"}},"repository":{"full_name":"acme/handbook","default_branch":"trunk"}}`,
	}), Git: noGit})
	want := Repo{URL: "https://github.com/acme/handbook", Name: "acme/handbook", Branch: "trunk", From: "GitHub Actions"}
	if !ok || r != want {
		t.Fatalf("Infer = %+v, %v; want %+v", r, ok, want)
	}
	if got := r.EditPath("content"); got != "edit/trunk/content/" {
		t.Errorf("EditPath = %q", got)
	}
	if got := r.ViewPath("content"); got != "blob/trunk/content/" {
		t.Errorf("ViewPath = %q", got)
	}
}

func TestActionsWithoutPayloadBranch(t *testing.T) {
	// A scheduled run's payload has no repository: the pull-request base,
	// if any, else the default "main"; never the pull request's own branch.
	vars := actionsEnv()
	r, _ := Infer(Sources{Env: env(vars), ReadFile: files(map[string]string{"/run/event.json": `{"schedule":"0 0 * * *"}`}), Git: noGit})
	if r.Branch != "release" {
		t.Errorf("branch = %q, want the base branch", r.Branch)
	}
	delete(vars, "GITHUB_BASE_REF")
	r, _ = Infer(Sources{Env: env(vars), ReadFile: files(nil), Git: noGit})
	if r.Branch != "" || r.EditPath("docs") != "edit/main/docs/" {
		t.Errorf("branch = %q, edit path %q", r.Branch, r.EditPath("docs"))
	}
}

func TestActionsEnterpriseServer(t *testing.T) {
	vars := actionsEnv()
	vars["GITHUB_SERVER_URL"] = "https://git.corp.example/"
	r, ok := Infer(Sources{Env: env(vars)})
	if !ok || r.URL != "https://git.corp.example/acme/handbook" {
		t.Errorf("Infer = %+v", r)
	}
}

func TestNotActions(t *testing.T) {
	vars := actionsEnv()
	delete(vars, "GITHUB_ACTIONS")
	if r, ok := Infer(Sources{Env: env(vars), Git: noGit}); ok {
		t.Errorf("without GITHUB_ACTIONS=true: %+v", r)
	}
	vars = actionsEnv()
	vars["GITHUB_REPOSITORY"] = "not-a-repo"
	if r, ok := Infer(Sources{Env: env(vars), Git: noGit}); ok {
		t.Errorf("bad GITHUB_REPOSITORY: %+v", r)
	}
	vars = actionsEnv()
	vars["GITHUB_SERVER_URL"] = "javascript:alert(1)"
	if r, ok := Infer(Sources{Env: env(vars), Git: noGit}); ok {
		t.Errorf("bad GITHUB_SERVER_URL: %+v", r)
	}
}

// git runs git for a test, failing it on error.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// clone makes a bare repository whose default branch is trunk and a clone
// of it with a docs/ folder, as `git clone` leaves them (origin/HEAD set).
func clone(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	root := t.TempDir()
	seed := filepath.Join(root, "seed")
	os.MkdirAll(filepath.Join(seed, "docs"), 0o755)
	os.WriteFile(filepath.Join(seed, "docs", "index.md"), []byte("# Hi\n"), 0o644)
	git(t, root, "init", "-q", "-b", "trunk", seed)
	git(t, seed, "add", ".")
	git(t, seed, "commit", "-q", "-m", "first")
	git(t, root, "clone", "-q", "--bare", seed, filepath.Join(root, "bare.git"))
	git(t, root, "clone", "-q", filepath.Join(root, "bare.git"), filepath.Join(root, "work"))
	return filepath.Join(root, "work")
}

func TestInferFromGitRemote(t *testing.T) {
	work := clone(t)
	for _, remote := range []string{"https://github.com/acme/handbook.git", "ssh://git@github.com/acme/handbook.git", "git@github.com:acme/handbook.git"} {
		git(t, work, "remote", "set-url", "origin", remote)
		r, ok := Infer(Sources{Env: env(nil), Git: RunGit, Dir: filepath.Join(work, "docs")})
		want := Repo{URL: "https://github.com/acme/handbook", Name: "acme/handbook", Branch: "trunk", Prefix: "docs/", From: "git remote origin"}
		if !ok || r != want {
			t.Errorf("remote %s: Infer = %+v, %v; want %+v", remote, r, ok, want)
		}
		if got := r.EditPath("content"); got != "edit/trunk/docs/content/" {
			t.Errorf("EditPath = %q", got)
		}
	}
}

func TestGitRemoteWithoutHead(t *testing.T) {
	// actions/checkout and `git remote add` leave no origin/HEAD: a
	// remote-tracking main or master stands for the default branch.
	work := clone(t)
	git(t, work, "remote", "set-head", "origin", "--delete")
	git(t, work, "remote", "set-url", "origin", "git@gitlab.com:group/docs.git")
	r, _ := Infer(Sources{Git: RunGit, Dir: work})
	if r.Branch != "" {
		t.Errorf("branch = %q, want none (origin has trunk only)", r.Branch)
	}
	git(t, work, "update-ref", "refs/remotes/origin/master", "HEAD")
	r, _ = Infer(Sources{Git: RunGit, Dir: work})
	if r.Branch != "master" || r.URL != "https://gitlab.com/group/docs" {
		t.Errorf("Infer = %+v", r)
	}
	if got := r.EditPath("content"); got != "-/edit/master/content/" {
		t.Errorf("GitLab EditPath = %q", got)
	}
	if got := r.ViewPath("content"); got != "-/blob/master/content/" {
		t.Errorf("GitLab ViewPath = %q", got)
	}
}

func TestActionsWinOverRemote(t *testing.T) {
	work := clone(t)
	git(t, work, "remote", "set-url", "origin", "git@github.com:someone/fork.git")
	r, _ := Infer(Sources{Env: env(actionsEnv()), ReadFile: files(map[string]string{"/run/event.json": `{"repository":{"default_branch":"main"}}`}), Git: RunGit, Dir: filepath.Join(work, "docs")})
	want := Repo{URL: "https://github.com/acme/handbook", Name: "acme/handbook", Branch: "main", Prefix: "docs/", From: "GitHub Actions"}
	if r != want {
		t.Errorf("Infer = %+v; want %+v", r, want)
	}
}

func TestNoSource(t *testing.T) {
	if r, ok := Infer(Sources{Env: env(nil), Git: noGit, Dir: t.TempDir()}); ok {
		t.Errorf("Infer = %+v", r)
	}
	// A local-path remote has no web address.
	work := clone(t)
	if r, ok := Infer(Sources{Git: RunGit, Dir: work}); ok {
		t.Errorf("local remote: Infer = %+v", r)
	}
}

func TestViewFromEdit(t *testing.T) {
	for in, want := range map[string]string{
		"edit/main/docs/": "blob/main/docs/", "-/edit/main/docs": "-/blob/main/docs/",
		"src/default/docs/": "", "": "", "blob/main/": "",
	} {
		if got := ViewFromEdit(in); got != want {
			t.Errorf("ViewFromEdit(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSameRepo(t *testing.T) {
	if !SameRepo("https://github.com/Acme/Handbook/", "git@github.com:acme/handbook.git") {
		t.Error("same repository not recognised")
	}
	if SameRepo("https://github.com/acme/handbook", "https://github.com/acme/other") {
		t.Error("different repositories taken as the same")
	}
}

// FuzzParseRemote: any remote parses without a panic, and a web address
// never carries credentials.
func FuzzParseRemote(f *testing.F) {
	for _, s := range []string{"https://u:p@github.com/a/b.git", "git@github.com:a/b.git", "ssh://git@h:22/a/b", "C:\\x", "file:///x", "h:a/b/../c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, remote string) {
		u, name, ok := ParseRemote(remote)
		if !ok {
			return
		}
		if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
			t.Errorf("%q → %q: not a web address", remote, u)
		}
		if host := strings.SplitN(strings.SplitN(u, "://", 2)[1], "/", 2)[0]; strings.Contains(host, "@") {
			t.Errorf("%q → %q: credentials kept", remote, u)
		}
		if !strings.HasSuffix(u, "/"+name) {
			t.Errorf("%q → %q, %q: name is not the path", remote, u, name)
		}
		_ = SameRepo(remote, u)
		_ = Repo{URL: u}.EditPath("docs")
	})
}

// FuzzEventPayload: any event payload is read without a panic.
func FuzzEventPayload(f *testing.F) {
	f.Add([]byte(`{"repository":{"default_branch":"main"}}`))
	f.Add([]byte(`{"repository":null}`))
	f.Fuzz(func(t *testing.T, data []byte) { _ = eventDefaultBranch(data) })
}
