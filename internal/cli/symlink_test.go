package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/sitetest"
)

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
}

func readOut(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSymlinkedContentAndFoldersAreFollowed: `ln -s docs content` and a
// linked folder inside it build (they failed with "is a directory"),
// and a link to a file inside the project is published.
func TestSymlinkedContentAndFoldersAreFollowed(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, `-- docs/index.md --
# Home

[guide](guides/setup.md) and [about](about.md)
-- shared/guides/setup.md --
# Setup
-- README.md --
# Read me
`)
	symlink(t, "docs", filepath.Join(dir, "content"))
	symlink(t, "../shared/guides", filepath.Join(dir, "docs", "guides"))
	symlink(t, "../README.md", filepath.Join(dir, "docs", "about.md"))
	code, out, errOut := run(t, "build", "--source", dir)
	if code != 0 || strings.Contains(errOut, "warning") {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	if !strings.Contains(readOut(t, filepath.Join(dir, "public", "guides", "setup", "index.html")), "Setup") ||
		!strings.Contains(readOut(t, filepath.Join(dir, "public", "about", "index.html")), "Read me") {
		t.Error("the linked folder's page or the linked file is missing")
	}
}

// TestLinksOutOfTheProjectAreRefusedEverywhere: a link leaving the project
// folder is not published from the content, the theme or an extra_css
// path, and each is a warning at the link's own path; a loop is reported
// and the build goes on.
func TestLinksOutOfTheProjectAreRefusedEverywhere(t *testing.T) {
	root := t.TempDir()
	secret := filepath.Join(root, "secret.txt")
	os.WriteFile(secret, []byte("TOP SECRET"), 0o644)
	dir := filepath.Join(root, "site")
	sitetest.WriteTxtar(t, dir, `-- content/index.md --
# Home
-- shared/ok.css --
.ok{}
-- handbook.yaml --
title: T
extra_css: [extra.css]
`)
	symlink(t, secret, filepath.Join(dir, "content", "leak.txt"))
	symlink(t, secret, filepath.Join(dir, "content", "extra.css"))
	symlink(t, root, filepath.Join(dir, "content", "up"))
	symlink(t, "..", filepath.Join(dir, "content", "sub", "loop"))
	symlink(t, secret, filepath.Join(dir, "theme", "assets", "passwd.txt"))
	symlink(t, "../../shared/ok.css", filepath.Join(dir, "theme", "assets", "ok.css"))
	code, _, errOut := run(t, "build", "--source", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"content/leak.txt:1:1: warning: symbolic link to " + secret + ", outside the project folder",
		"content/extra.css:1:1: warning: symbolic link to " + secret,
		"content/up:1:1: warning: symbolic link to " + root + ", outside the project folder",
		"content/sub/loop:1:1: warning: symbolic link to " + filepath.Join(dir, "content") + ", a folder that holds the link (a loop)",
		"theme/assets/passwd.txt:1:1: warning: symbolic link to " + secret,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	err := filepath.Walk(filepath.Join(dir, "public"), func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && strings.Contains(readOut(t, p), "TOP SECRET") {
			t.Errorf("%s publishes the file outside the project", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(readOut(t, filepath.Join(dir, "public", "assets", "ok.css")), ".ok{}") {
		t.Error("the theme's link inside the project was not followed")
	}
}

// TestOutputInsideContentIsNotReadBack: with content_dir "." the output
// folder is inside the content; it is left out of the inputs (as are
// .cache and other handbook output folders), so the file count stays the
// same build after build and the second build is up to date.
func TestOutputInsideContentIsNotReadBack(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- handbook.yaml --\ncontent_dir: .\n-- index.md --\n# Home\n-- a.txt --\nx\n")
	count := func() int {
		n := 0
		filepath.Walk(filepath.Join(dir, "public"), func(p string, info os.FileInfo, err error) error {
			if err == nil && !info.IsDir() {
				n++
			}
			return nil
		})
		return n
	}
	var counts []int
	age(t, dir)
	for i, args := range [][]string{{"--no-cache"}, {"--no-cache"}, nil, nil} {
		code, out, errOut := run(t, append([]string{"build", "--source", dir}, args...)...)
		if code != 0 {
			t.Fatalf("build %d: exit %d: %s", i+1, code, errOut)
		}
		counts = append(counts, count())
		if i == 3 && !strings.HasPrefix(out, "up to date") {
			t.Errorf("build %d after an unchanged one: %s", i+1, out)
		}
	}
	for _, c := range counts[1:] {
		if c != counts[0] {
			t.Errorf("file counts %v: the output is read back as input", counts)
		}
	}
	for _, p := range []string{"public/public", "public/.cache", "public/index.md"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err == nil {
			t.Errorf("%s was published", p)
		}
	}
	// Another output folder of handbook's inside the content is left out too.
	if code, _, errOut := run(t, "build", "--source", dir, "--out", filepath.Join(dir, "other")); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if code, _, errOut := run(t, "build", "--source", dir, "--no-cache"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "other")); err == nil {
		t.Error("the other output folder was published as assets")
	}
}

// TestFixNeverWritesThroughALinkOutOfTheProject: handbook fix follows the
// same rule, so it cannot rewrite a file outside the project folder.
func TestFixNeverWritesThroughALinkOutOfTheProject(t *testing.T) {
	root := t.TempDir()
	outside := filepath.Join(root, "outside.md")
	damaged := "# Title\n\nIt\xc3\xa2\xe2\x82\xac\xe2\x84\xa2s broken \xc3\xb0\xc5\xb8\xc5\xa1\xc2\xa8 here.\n"
	os.WriteFile(outside, []byte(damaged), 0o644)
	dir := filepath.Join(root, "site")
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n# Home\n")
	symlink(t, outside, filepath.Join(dir, "content", "linked.md"))
	code, out, errOut := run(t, "fix", "--source", dir)
	if code != 0 || !strings.Contains(errOut, "outside the project folder") {
		t.Errorf("exit %d: %s%s", code, out, errOut)
	}
	if got := readOut(t, outside); got != damaged {
		t.Errorf("the file outside the project was rewritten:\n%q", got)
	}
}

// TestMkDocsFilesFollowTheOneRule: the files an MkDocs project names
// besides its pages, custom_dir's main.html, its .icons and the blog's
// .authors.yml, follow the same rule: a link out of the project is a
// warning at the link and is not read; a link inside it is followed.
func TestMkDocsFilesFollowTheOneRule(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "main.html"), []byte("{% block announce %}TOP SECRET{% endblock %}\n"), 0o644)
	os.WriteFile(filepath.Join(root, "authors.yml"), []byte("authors:\n  ada:\n    name: TOP SECRET\n"), 0o644)
	dir := filepath.Join(root, "site")
	sitetest.WriteTxtar(t, dir, `-- mkdocs.yml --
site_name: T
theme:
  name: material
  custom_dir: overrides
plugins:
  - blog
markdown_extensions:
  - pymdownx.emoji
-- docs/index.md --
# Home

:shared-dot:
-- docs/blog/index.md --
# Blog
-- docs/blog/posts/p.md --
---
date: 2024-01-01
---
# P
-- shared/icons/dot.svg --
<svg viewBox="0 0 1 1"><circle r="1" id="shared-dot-icon"/></svg>
`)
	symlink(t, filepath.Join(root, "main.html"), filepath.Join(dir, "overrides", "main.html"))
	symlink(t, filepath.Join(root, "authors.yml"), filepath.Join(dir, "docs", "blog", ".authors.yml"))
	symlink(t, "../../shared/icons", filepath.Join(dir, "overrides", ".icons", "shared"))
	code, _, errOut := run(t, "build", "--source", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"overrides/main.html:1:1: warning: symbolic link to " + filepath.Join(root, "main.html") + ", outside the project folder",
		"docs/blog/.authors.yml:1:1: warning: symbolic link to " + filepath.Join(root, "authors.yml") + ", outside the project folder",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	filepath.Walk(filepath.Join(dir, "site"), func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && strings.Contains(readOut(t, p), "TOP SECRET") {
			t.Errorf("%s shows a file outside the project", p)
		}
		return nil
	})
	if !strings.Contains(readOut(t, filepath.Join(dir, "site", "index.html")), "shared-dot-icon") {
		t.Errorf("the icon set linked from inside the project was not read:\n%s", errOut)
	}
}

// TestSnippetLinksFollowTheOneRule: a snippet in a base path that is a
// link to a file elsewhere in the project is included; one to a file
// outside the project is an error at the including line and not read.
func TestSnippetLinksFollowTheOneRule(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "secret.md"), []byte("TOP SECRET\n"), 0o644)
	dir := filepath.Join(root, "site")
	sitetest.WriteTxtar(t, dir, `-- mkdocs.yml --
site_name: T
markdown_extensions:
  - pymdownx.snippets:
      base_path: [snippets]
-- docs/index.md --
# Home

--8<-- "shared.md"
-- docs/other.md --
# Other

--8<-- "leak.md"
-- common/shared.md --
Shared text.
`)
	symlink(t, "../common/shared.md", filepath.Join(dir, "snippets", "shared.md"))
	symlink(t, filepath.Join(root, "secret.md"), filepath.Join(dir, "snippets", "leak.md"))
	_, _, errOut := run(t, "build", "--source", dir, "--no-cache")
	if !strings.Contains(errOut, "docs/other.md:3:") || !strings.Contains(errOut, "outside") {
		t.Errorf("the snippet linked out of the project is not reported at its line:\n%s", errOut)
	}
	if strings.Contains(errOut, "docs/index.md") {
		t.Errorf("the snippet linked inside the project is refused:\n%s", errOut)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "site", "index.html")); err == nil && !strings.Contains(string(b), "Shared text.") {
		t.Error("the snippet linked inside the project is not included")
	}
	filepath.Walk(filepath.Join(dir, "site"), func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && strings.Contains(readOut(t, p), "TOP SECRET") {
			t.Errorf("%s shows a file outside the project", p)
		}
		return nil
	})
}
