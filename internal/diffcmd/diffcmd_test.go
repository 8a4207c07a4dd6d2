package diffcmd

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/sitediff"
)

func gitT(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if data == "" {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// fixtureRepo makes a git repository holding a site in docs/ (beside
// other files, as in a project's repository) with two commits: the second
// edits a paragraph and a heading, adds a page and a broken link, removes
// a page, fixes a broken anchor, and touches nothing else a reader sees on
// the other pages (only the nav changes there).
func fixtureRepo(t *testing.T) (repo, site string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo = t.TempDir()
	site = filepath.Join(repo, "docs")
	gitT(t, repo, "init", "-q", "-b", "main")
	write(t, repo, map[string]string{
		"README.md":             "# Project\n",
		"docs/handbook.yaml":    "title: Fixture\n",
		"docs/content/index.md": "---\ntitle: Home\n---\n# Home\n\nStart with [setup](guide/setup.md#linux) or [the old page](old.md).\nSee [tuning](guide/setup.md#tuning).\n",
		"docs/content/guide/setup.md": "# Setup\n\nInstall the tool, then run it with care every single day of the week.\n\n" +
			"## Linux\n\nUse apt.\n\n```sh\napt-get install tool\n```\n",
		"docs/content/old.md":   "# Old\n\nGoing away.\n",
		"docs/content/stays.md": "# Stays\n\nThis page does not change.\n",
	})
	gitT(t, repo, "add", "-A")
	gitT(t, repo, "commit", "-q", "-m", "first")
	write(t, repo, map[string]string{
		"docs/content/index.md": "---\ntitle: Home\n---\n# Home\n\nStart with [setup](guide/setup.md#linux) or [the new page](new.md).\nSee [tuning](guide/setup.md#tuning).\n",
		"docs/content/guide/setup.md": "# Setup\n\nInstall the tool, then run it with joy every single day of the week.\n\n" +
			"## Linux\n\nUse apt, or the [package](missing.md).\n\n```sh\napt-get install tool-ng\n```\n\n## Tuning\n\nSet the cache size.\n",
		"docs/content/old.md": "",
		"docs/content/new.md": "# New\n\nA new page.\n",
	})
	gitT(t, repo, "add", "-A")
	gitT(t, repo, "commit", "-q", "-m", "second")
	return repo, site
}

func run(t *testing.T, args ...string) (string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := Run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("handbook diff %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
	}
	return stdout.String(), stderr.String()
}

func TestDiffRefsEndToEnd(t *testing.T) {
	repo, site := fixtureRepo(t)
	keep := filepath.Join(t.TempDir(), "builds")
	out, _ := run(t, "--ref", "--source", site, "--format", "json", "--keep", keep, "HEAD~1", "HEAD")
	var r sitediff.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.HasPrefix(r.Old, "HEAD~1 (") || !strings.HasPrefix(r.New, "HEAD (") {
		t.Errorf("labels %q %q", r.Old, r.New)
	}
	if len(r.Added) != 1 || r.Added[0].URL != "new/" || len(r.Removed) != 1 || r.Removed[0].URL != "old/" {
		t.Errorf("added %+v removed %+v", r.Added, r.Removed)
	}
	changed := map[string]sitediff.PageChange{}
	for _, c := range r.Changed {
		changed[c.URL] = c
	}
	setup, ok := changed["guide/setup/"]
	if !ok {
		t.Fatalf("guide/setup/ not changed: %+v", r.Changed)
	}
	want := []sitediff.Change{
		{Op: "changed", Kind: "paragraph", Text: "Install the tool, then run it with joy every single day of the week.", Old: "Install the tool, then run it with care every single day of the week."},
		{Op: "changed", Kind: "paragraph", Text: "Use apt, or the package.", Old: "Use apt."},
		{Op: "changed", Kind: "code", Text: "apt-get install tool-ng", Old: "apt-get install tool"},
		{Op: "added", Kind: "heading 2", Text: "Tuning"},
		{Op: "added", Kind: "paragraph", Text: "Set the cache size."},
	}
	if len(setup.Changes) != len(want) {
		t.Fatalf("setup changes:\n got %+v\nwant %+v", setup.Changes, want)
	}
	for i := range want {
		if setup.Changes[i] != want[i] {
			t.Errorf("change %d: got %+v, want %+v", i, setup.Changes[i], want[i])
		}
	}
	if home, ok := changed[""]; !ok || len(home.LinksAdded) != 1 || home.LinksAdded[0].Text != "the new page" || len(home.LinksRemoved) != 1 {
		t.Errorf("home: %+v", home)
	}
	// stays.md changed only in its nav (a page added, one removed): not a change.
	if _, ok := changed["stays/"]; ok {
		t.Error("a nav-only change counted")
	}
	if r.Unchanged == 0 {
		t.Error("no page unchanged")
	}
	if len(r.BrokenLinks.Introduced) != 1 || r.BrokenLinks.Introduced[0].Href != "missing.md" || r.BrokenLinks.Introduced[0].Page != "guide/setup/" {
		t.Errorf("broken links introduced: %+v", r.BrokenLinks.Introduced)
	}
	if len(r.BrokenLinks.Fixed) != 1 || !strings.Contains(r.BrokenLinks.Fixed[0].Href, "#tuning") {
		t.Errorf("broken links fixed: %+v", r.BrokenLinks.Fixed)
	}
	if r.Problems == nil {
		t.Fatal("no build problems compared")
	}
	if r.Search.New.Sections <= r.Search.Old.Sections || r.Weight.NewTotal == r.Weight.OldTotal {
		t.Errorf("search %+v weight %+v", r.Search, r.Weight)
	}
	// The builds are kept, and no worktree is left behind.
	for _, f := range []string{"old/old/index.html", "new/new/index.html", "new/guide/setup/index.html"} {
		if _, err := os.Stat(filepath.Join(keep, f)); err != nil {
			t.Errorf("kept build: %v", err)
		}
	}
	if _, err := os.Stat(filepath.Join(keep, "new", "old", "index.html")); err == nil {
		t.Error("the new build has the removed page")
	}
	if wt := gitT(t, repo, "worktree", "list"); strings.Count(wt, "\n") != 0 {
		t.Errorf("worktrees left behind:\n%s", wt)
	}
	// The highlight cache of the site folder is shared by both builds.
	if _, err := os.Stat(filepath.Join(site, ".cache", "handbook")); err != nil {
		t.Errorf("no shared cache: %v", err)
	}

	// The same comparison of the two kept folders finds the same pages.
	out, _ = run(t, "--format", "json", filepath.Join(keep, "old"), filepath.Join(keep, "new"))
	var folders sitediff.Report
	if err := json.Unmarshal([]byte(out), &folders); err != nil {
		t.Fatal(err)
	}
	if len(folders.Changed) != len(r.Changed) || len(folders.Added) != 1 || len(folders.Removed) != 1 || folders.Problems != nil {
		t.Errorf("folders: %+v", folders)
	}
}

func TestDiffWorkingTreeAndFormats(t *testing.T) {
	_, site := fixtureRepo(t)
	write(t, site, map[string]string{"content/stays.md": "# Stays\n\nThis page does change now.\n"})
	text, stderr := run(t, "--ref", "--source", site, "HEAD")
	for _, want := range []string{
		"→ working tree: 0 pages added, 0 removed, 1 changed",
		"~ /stays/  Stays",
		"~ paragraph: This page does [-not change.-]{+change now.+}",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(stderr, "built working tree") {
		t.Errorf("stderr: %s", stderr)
	}
	md, _ := run(t, "--ref", "--source", site, "--format", "github", "--preview", "https://example.com/a/1", "HEAD")
	for _, want := range []string{"### Rendered changes", "| changed | `/stays/` | Stays | `stays/index.html` |", "```diff\n- paragraph: This page does not change.\n+ paragraph: This page does change now.\n```"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

func TestDiffRefBeforeTheSiteExisted(t *testing.T) {
	repo, site := fixtureRepo(t)
	// A first commit without the site: every page is added.
	gitT(t, repo, "checkout", "-q", "--orphan", "empty")
	gitT(t, repo, "rm", "-rq", "--cached", ".")
	write(t, repo, map[string]string{"other.txt": "x"})
	gitT(t, repo, "add", "other.txt")
	gitT(t, repo, "commit", "-q", "-m", "empty")
	gitT(t, repo, "checkout", "-q", "-f", "main")
	out, _ := run(t, "--ref", "--source", site, "--format", "json", "empty", "main")
	var r sitediff.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Added) < 4 || len(r.Removed) != 0 || len(r.Changed) != 0 {
		t.Errorf("from nothing: %+v", r)
	}
}

func TestDiffUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	for _, args := range [][]string{{}, {"one"}, {"--ref"}, {"--ref", "a", "b", "c"}, {"--format", "xml", "a", "b"}} {
		stdout.Reset()
		stderr.Reset()
		if code := Run(args, &stdout, &stderr); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
	if code := Run([]string{t.TempDir(), filepath.Join(t.TempDir(), "missing")}, &stdout, &stderr); code != 1 {
		t.Errorf("missing folder: exit %d", code)
	}
	if code := Run([]string{"--ref", "--source", t.TempDir(), "HEAD"}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "git checkout") {
		t.Errorf("not a checkout: exit %d %s", code, stderr.String())
	}
	_, site := fixtureRepo(t)
	stderr.Reset()
	if code := Run([]string{"--ref", "--source", site, "no-such-ref"}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "not a commit") {
		t.Errorf("bad ref: exit %d %s", code, stderr.String())
	}
}

func TestDiffWarnsOfAFailedBuild(t *testing.T) {
	repo, site := fixtureRepo(t)
	// A theme template that cannot render: every page of that build fails.
	write(t, site, map[string]string{"theme/templates/page.html": "{{.NoSuchField}}"})
	gitT(t, repo, "add", "-A")
	gitT(t, repo, "commit", "-q", "-m", "broken theme")
	text, _ := run(t, "--ref", "--source", site, "HEAD~1", "HEAD")
	if !strings.Contains(text, "warning: the build of HEAD (") || !strings.Contains(text, "errors: pages it could not render are missing from it") {
		t.Errorf("no warning of the failed build:\n%s", text)
	}
	md, _ := run(t, "--ref", "--source", site, "--format", "github", "HEAD~1", "HEAD")
	if !strings.Contains(md, "> [!WARNING]\n> the build of HEAD (") {
		t.Errorf("no markdown warning:\n%s", md)
	}
}
