package build

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"handbook/internal/sitetest"
)

// linksSite has one link problem of each kind MkDocs' validation
// settings govern, and links that are fine.
const linksSite = `-- docs/index.md --
# Home

[a](missing.md) [b](other.md#nope) [c](/abs/page.md) [d](../../outside.png)
[e](folder/) [f](nowhere) [g](?q=x) [h](other.md#there) [i](#home)

<a href="gone.md">raw</a>
-- docs/other.md --
# Other

## There
-- docs/folder/index.md --
# Folder
-- docs/orphan.md --
# Not in the nav
`

const mkdocsNav = `site_name: Links
nav:
  - index.md
  - other.md
  - folder/index.md
  - missing-page.md
`

// problems lists a build's link and nav problems as "severity code line".
func problems(t *testing.T, config, configName string, opts Options) []string {
	t.Helper()
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, linksSite+"-- "+configName+" --\n"+config)
	opts.Source = dir
	res := Run(opts)
	var out []string
	for _, d := range res.Diags {
		out = append(out, fmt.Sprintf("%s %s %s:%d", d.Severity, d.Code, d.Path, d.Line))
	}
	sort.Strings(out)
	return out
}

func TestMkDocsValidationDefaults(t *testing.T) {
	got := problems(t, mkdocsNav, "mkdocs.yml", Options{})
	want := []string{
		"info absolute-link docs/index.md:3",
		"info broken-anchor docs/index.md:3",
		"info broken-link docs/index.md:6", // raw HTML: MkDocs does not read it
		"info not-in-nav docs/orphan.md:1",
		"info unrecognized-link docs/index.md:4",
		"warning broken-link docs/index.md:3",
		"warning broken-link docs/index.md:3",
		"warning nav mkdocs.yml:6",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// strict (the config's, or --strict) makes the warnings errors, not the notes;
// --warn-links keeps them warnings.
func TestStrictMakesWarningsErrors(t *testing.T) {
	for name, c := range map[string]struct {
		config string
		opts   Options
		errors int
	}{
		"strict: true":           {"strict: true\n" + mkdocsNav, Options{}, 3},
		"--strict":               {mkdocsNav, Options{Strict: true}, 3},
		"--warn-links overrides": {"strict: true\n" + mkdocsNav, Options{WarnLinks: true}, 0},
		"strict: false":          {"strict: false\n" + mkdocsNav, Options{}, 0},
	} {
		got := problems(t, c.config, "mkdocs.yml", c.opts)
		errs, notes := 0, 0
		for _, p := range got {
			switch {
			case strings.HasPrefix(p, "error "):
				errs++
			case strings.HasPrefix(p, "info "):
				notes++
			}
		}
		if errs != c.errors || notes != 5 {
			t.Errorf("%s: %d errors and %d notes, want %d and 5:\n%s", name, errs, notes, c.errors, strings.Join(got, "\n"))
		}
	}
}

// validation: levels, nested or given directly (then they apply to nav and
// links both); absolute_links: relative_to_docs resolves /x.md in docs.
func TestValidationLevels(t *testing.T) {
	config := `validation:
  anchors: warn
  omitted_files: ignore
  unrecognized_links: ignore
  absolute_links: relative_to_docs
  nav:
    not_found: info
` + mkdocsNav
	got := problems(t, config, "mkdocs.yml", Options{})
	want := []string{
		"info broken-link docs/index.md:6",
		"info nav mkdocs.yml:13",
		"warning broken-anchor docs/index.md:3",
		"warning broken-link docs/index.md:3", // /abs/page.md, now looked for in docs
		"warning broken-link docs/index.md:3",
		"warning broken-link docs/index.md:3",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// handbook.yaml keeps its strict default: every link problem is an error,
// site-absolute links are resolved in the content folder, and a raw HTML
// link is checked like any other.
func TestHandbookYAMLIsStrict(t *testing.T) {
	got := problems(t, "content_dir: docs\nnav:\n  - index.md\n  - missing-page.md\n", "handbook.yaml", Options{})
	want := []string{
		"error broken-anchor docs/index.md:3",
		"error broken-link docs/index.md:3",
		"error broken-link docs/index.md:3",
		"error broken-link docs/index.md:3",
		"error broken-link docs/index.md:6",
		"error nav handbook.yaml:4",
		"error unrecognized-link docs/index.md:4",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := problems(t, "content_dir: docs\nstrict: false\n", "handbook.yaml", Options{}); len(got) != 6 || strings.Contains(strings.Join(got, " "), "error") {
		t.Errorf("strict: false in handbook.yaml:\n%s", strings.Join(got, "\n"))
	}
}
