package build

import (
	"errors"
	"os"
	"strings"
	"testing"

	"handbook/internal/repoinfo"
	"handbook/internal/sitetest"
)

// fakeActions is a GitHub Actions environment for acme/handbook whose
// default branch is trunk, with no git.
func fakeActions() *repoinfo.Sources {
	vars := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com",
		"GITHUB_REPOSITORY": "acme/handbook", "GITHUB_EVENT_PATH": "event.json", "GITHUB_HEAD_REF": "feature"}
	return &repoinfo.Sources{
		Env: func(k string) string { return vars[k] },
		ReadFile: func(string) ([]byte, error) {
			return []byte(`{"repository":{"default_branch":"trunk"}}`), nil
		},
		Git: func(string, ...string) (string, error) { return "", errors.New("no git") },
	}
}

func repoSite(t *testing.T, config string) string {
	t.Helper()
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n# Home\n-- content/guide/setup.md --\n# Setup\n")
	if config != "" {
		if err := os.WriteFile(dir+"/handbook.yaml", []byte(config), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func page(t *testing.T, res *Result, name string) string {
	t.Helper()
	if !res.OK() {
		t.Fatalf("build failed: %v", res.Diags)
	}
	b, ok := res.Files[name]
	if !ok {
		t.Fatalf("no %s", name)
	}
	return string(b)
}

func TestRepoLinksInferred(t *testing.T) {
	res := Run(Options{Source: repoSite(t, ""), Repo: fakeActions()})
	html := page(t, res, "guide/setup/index.html")
	for _, want := range []string{
		`<a class="hb-edit" href="https://github.com/acme/handbook/edit/trunk/content/guide/setup.md">Edit this page</a>`,
		`<a class="hb-view" href="https://github.com/acme/handbook/blob/trunk/content/guide/setup.md">View source</a>`,
		`<a class="hb-repo" href="https://github.com/acme/handbook"`,
		`<span class="hb-repo__name">acme/handbook</span>`,
		`<a class="hb-drawer-repo" href="https://github.com/acme/handbook">`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(html, "feature") {
		t.Error("links name the pull request's branch")
	}
}

func TestRepoConfigWins(t *testing.T) {
	res := Run(Options{Source: repoSite(t, "repo_url: https://gitlab.com/team/docs\nrepo_name: Team docs\n"), Repo: fakeActions()})
	html := page(t, res, "guide/setup/index.html")
	for _, want := range []string{
		// Another repository than the inferred one: its branch is unknown.
		`href="https://gitlab.com/team/docs/-/edit/main/content/guide/setup.md">Edit this page`,
		`href="https://gitlab.com/team/docs/-/blob/main/content/guide/setup.md">View source`,
		`<span class="hb-repo__name">Team docs</span>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(html, "acme/handbook") {
		t.Error("the inferred repository overrides the configured one")
	}

	// The configured repository is the inferred one: the inferred default
	// branch fills in the edit path; the name defaults to owner/repo.
	res = Run(Options{Source: repoSite(t, "repo_url: https://github.com/acme/handbook/\n"), Repo: fakeActions()})
	html = page(t, res, "index.html")
	for _, want := range []string{`href="https://github.com/acme/handbook/edit/trunk/content/index.md"`, `<span class="hb-repo__name">acme/handbook</span>`} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %s", want)
		}
	}

	// An edit_path without an "edit" segment has no view link.
	res = Run(Options{Source: repoSite(t, "repo_url: https://bitbucket.org/team/docs\nedit_path: src/default/content/\n"), Repo: fakeActions()})
	html = page(t, res, "index.html")
	if !strings.Contains(html, `href="https://bitbucket.org/team/docs/src/default/content/index.md">Edit this page`) || strings.Contains(html, "hb-view") {
		t.Errorf("bitbucket edit path: %s", html[strings.Index(html, "hb-meta"):][:400])
	}
}

func TestRepoURLFalseTurnsLinksOff(t *testing.T) {
	res := Run(Options{Source: repoSite(t, "repo_url: false\n"), Repo: fakeActions()})
	html := page(t, res, "guide/setup/index.html")
	for _, unwanted := range []string{"hb-edit", "hb-view", "hb-repo", "github.com"} {
		if strings.Contains(html, unwanted) {
			t.Errorf("repo_url: false, yet the page has %s", unwanted)
		}
	}
}

func TestNoRepoSourceNoLinks(t *testing.T) {
	res := Run(Options{Source: repoSite(t, "")})
	if html := page(t, res, "index.html"); strings.Contains(html, "hb-edit") || strings.Contains(html, "hb-repo") {
		t.Error("links without a repository")
	}
}

func TestMkDocsProjectInfersNothing(t *testing.T) {
	// An MkDocs project builds as MkDocs builds it: no repo_url, no links.
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- mkdocs.yml --\nsite_name: Docs\n-- docs/index.md --\n# Home\n")
	res := Run(Options{Source: dir, Repo: fakeActions()})
	if html := page(t, res, "index.html"); strings.Contains(html, "hb-edit") || strings.Contains(html, "acme") {
		t.Error("an MkDocs project got inferred repository links")
	}
}

func TestVendorProvenanceNotPublished(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n# Home\n\n$$a^2$$\n\n```mermaid\ngraph TD\nA-->B\n```\n")
	res := Run(Options{Source: dir})
	if !res.OK() {
		t.Fatal(res.Diags)
	}
	if _, ok := res.Files["vendor/katex/katex.min.js"]; !ok {
		t.Fatal("a page with math did not get KaTeX")
	}
	for _, name := range []string{"vendor/VERSIONS", "vendor/README.md", "vendor/package.json"} {
		if _, ok := res.Files[name]; ok {
			t.Errorf("%s is published", name)
		}
	}
}
