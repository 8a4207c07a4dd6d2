package build

import (
	"strings"
	"testing"

	"handbook/internal/sitetest"
)

// Material's page settings reach the page and the nav: hide, icon,
// subtitle, status (with extra.status's title), search exclude; an unknown
// icon and a missing template are warnings at their line.
func TestMaterialPageSettings(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, `-- mkdocs.yml --
site_name: Settings
theme:
  name: material
  features: [navigation.path, navigation.footer]
extra:
  status:
    new: Recently added
nav:
  - index.md
  - Guide:
      - guide/a.md
      - guide/b.md
-- docs/index.md --
# Home

Searchable words.
-- docs/guide/a.md --
---
icon: material/heart
subtitle: The first one
status: new
hide: [navigation, toc, path, footer]
search:
  exclude: true
---
# A

Unfindable words.

## Section
-- docs/guide/b.md --
---
icon: material/hart
template: home.html
---
# B

## Other section
`)
	res := Run(Options{Source: dir})
	if !res.OK() {
		t.Fatal(res.Diags)
	}
	var warnings []string
	for _, d := range res.Diags {
		warnings = append(warnings, d.String())
	}
	got := strings.Join(warnings, "\n")
	for _, want := range []string{
		`docs/guide/b.md:2:1: warning: icon "material/hart" does not exist; did you mean`,
		`docs/guide/b.md:3:1: warning: template "home.html" not found in the theme or theme.custom_dir: the page is rendered with page.html`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	a := string(res.Files["guide/a/index.html"])
	b := string(res.Files["guide/b/index.html"])
	for _, want := range []string{
		`class="hb-kind-page hb-hide-navigation"`,
		`<span class="twemoji hb-nav__icon"><svg`,
		`The first one</small>`,
		`<span class="hb-status hb-status--new" title="Recently added"><svg`,
	} {
		if !strings.Contains(a, want) {
			t.Errorf("a lacks %s", want)
		}
	}
	for _, bad := range []string{`hb-breadcrumbs`, `hb-pager`, `href="#section"`} {
		if strings.Contains(a, bad) {
			t.Errorf("a has %s, which its front matter hides", bad)
		}
	}
	for _, want := range []string{`hb-breadcrumbs`, `hb-pager`, `href="#other-section"`, `hb-nav__icon`} {
		if !strings.Contains(b, want) {
			t.Errorf("b lacks %s", want)
		}
	}
	var index strings.Builder
	for name, body := range res.Files {
		if strings.HasPrefix(name, "search/") {
			index.Write(body)
		}
	}
	if strings.Contains(index.String(), "Unfindable") || !strings.Contains(index.String(), "Searchable") {
		t.Error("search: exclude not honoured")
	}
}
