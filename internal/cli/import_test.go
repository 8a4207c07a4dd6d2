package cli

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"handbook/internal/sitetest"
)

// importPages is a project using what handbook import must carry over:
// extensions with options (snippets, /// blocks, toc's slugify), levels,
// the nav, MkDocs' validation levels (a broken link is a warning).
const importPages = `-- docs/index.md --
# Home Ünïcode

!!! note "A note"
    With [a link to nowhere](missing.md) and :material-heart:.

--8<-- "part.md"

/// details | Open
Inside.
///

## Section Two
-- docs/guide/a.md --
---
levels: [beginner]
---
# A

=== "One"
    Tab one.

=== "Two"
    Tab two.
-- docs/snippets/part.md --
Snippet text.
`

const importMkDocs = `-- mkdocs.yml --
site_name: Imported
extra:
  levels:
    - id: beginner
      name: Beginner
nav:
  - index.md
  - Guide:
      - guide/a.md
markdown_extensions:
  - admonition
  - toc:
      permalink: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
  - pymdownx.snippets:
      base_path: [docs/snippets]
  - pymdownx.blocks.details
  - pymdownx.tabbed:
      alternate_style: true
  - pymdownx.emoji
`

const importZensical = `-- zensical.toml --
[project]
site_name = "Imported"
nav = [{"Home" = "index.md"}, {"Guide" = ["guide/a.md"]}]
[project.extra]
levels = [{id = "beginner", name = "Beginner"}]
[project.markdown_extensions.admonition]
[project.markdown_extensions.toc]
permalink = true
[project.markdown_extensions."pymdownx.snippets"]
base_path = ["docs/snippets"]
[project.markdown_extensions."pymdownx.blocks.details"]
[project.markdown_extensions."pymdownx.tabbed"]
alternate_style = true
[project.markdown_extensions."pymdownx.emoji"]
`

// articles are a built site's pages by output path, each its article and
// nav, which the config decides.
func articles(t *testing.T, dir string) map[string]string {
	t.Helper()
	keep := regexp.MustCompile(`(?s)<nav class="hb-nav".*?</nav>|<article.*?</article>`)
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = strings.Join(keep.FindAllString(string(b), -1), "\n")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// buildProblems are a build's diagnostics about pages, the config file's
// name left out.
func buildProblems(errOut string) []string {
	var out []string
	configName := regexp.MustCompile(`the nav of \S+$`)
	for _, l := range strings.Split(errOut, "\n") {
		if strings.HasPrefix(l, "docs/") {
			out = append(out, configName.ReplaceAllString(l, "the nav of CONFIG"))
		}
	}
	sort.Strings(out)
	return out
}

// handbook import writes a handbook.yaml that builds the same pages, with
// the same problems, as the MkDocs or Zensical config it came from.
func TestImportBuildsTheSamePages(t *testing.T) {
	for name, config := range map[string]string{"mkdocs.yml": importMkDocs, "zensical.toml": importZensical} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			sitetest.WriteTxtar(t, dir, importPages+config)
			code, _, before := run(t, "build", "--source", dir, "--out", filepath.Join(dir, "a"), "--no-cache")
			if code != 0 {
				t.Fatalf("build from %s: %s", name, before)
			}
			if code, _, errOut := run(t, "import", filepath.Join(dir, name)); code != 0 {
				t.Fatalf("import: %s", errOut)
			}
			code, _, after := run(t, "build", "--source", dir, "--config", filepath.Join(dir, "handbook.yaml"), "--out", filepath.Join(dir, "b"), "--no-cache")
			if code != 0 {
				t.Fatalf("build from the imported handbook.yaml: %s", after)
			}
			a, b := articles(t, filepath.Join(dir, "a")), articles(t, filepath.Join(dir, "b"))
			if len(a) < 4 || len(a) != len(b) {
				t.Fatalf("%d pages from %s, %d from handbook.yaml", len(a), name, len(b))
			}
			for page, html := range a {
				if b[page] != html {
					t.Errorf("%s differs:\n%s\n---- from handbook.yaml:\n%s", page, html, b[page])
				}
			}
			if !strings.Contains(a["index.html"], "Snippet text.") || !strings.Contains(a["guide/a/index.html"], `class="hb-badge`) {
				t.Errorf("the fixture does not show its snippet or level:\n%s", a["index.html"])
			}
			if pa, pb := buildProblems(before), buildProblems(after); strings.Join(pa, "\n") != strings.Join(pb, "\n") || len(pa) == 0 {
				t.Errorf("problems from %s:\n%s\nfrom handbook.yaml:\n%s", name, strings.Join(pa, "\n"), strings.Join(pb, "\n"))
			}
		})
	}
}
