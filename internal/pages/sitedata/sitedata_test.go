package sitedata

import (
	"strings"
	"testing"

	"handbook/internal/markdown/icons"
	"handbook/internal/project"
	"handbook/internal/sitetest"
)

// TestNew: a Material config's palette, fonts, icons, features and social
// links become the data every page shows; an icon that exists nowhere is
// a warning naming its setting.
func TestNew(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, `-- mkdocs.yml --
site_name: Docs
copyright: <b>Me</b>
theme:
  name: material
  features: [navigation.tabs]
  palette:
    - scheme: default
      primary: indigo
    - scheme: slate
  font:
    text: Inter "X"
  icon:
    logo: material/heart
    admonition:
      note: octicons/tag-16
    repo: material/no-such-icon
extra:
  social:
    - icon: fontawesome/brands/github
      link: https://www.github.com/someone
-- docs/index.md --
# Home
`)
	cfg, d := project.Load(project.Options{Source: dir})
	if d.HasErrors() {
		t.Fatal(d)
	}
	lib, err := icons.Load()
	if err != nil {
		t.Fatal(err)
	}
	data, diags := New(cfg, lib)
	if len(diags) != 1 || !strings.Contains(diags[0].String(), "theme.icon.repo") {
		t.Errorf("diagnostics: %v, want one naming theme.icon.repo", diags)
	}
	if data.Title != "Docs" || data.FeatureList != "navigation.tabs" || string(data.CopyrightHTML) != "<b>Me</b>" {
		t.Errorf("title %q, features %q, copyright %q", data.Title, data.FeatureList, data.CopyrightHTML)
	}
	if !strings.HasPrefix(string(data.LogoSVG), "<svg") || data.RepoSVG != "" {
		t.Errorf("logo %.20q, repo %.20q", data.LogoSVG, data.RepoSVG)
	}
	if len(data.Social) != 1 || data.Social[0].Title != "github.com" || !strings.HasPrefix(string(data.Social[0].SVG), "<svg") {
		t.Errorf("social %+v", data.Social)
	}
	if len(data.Schemes) != 2 || data.Schemes[0].Kind != "light" || data.Schemes[1].Kind != "dark" {
		t.Errorf("schemes %+v", data.Schemes)
	}
	css := string(data.StyleCSS)
	for _, want := range []string{`:root[data-hb-scheme="0"]{--hb-accent:`, `.admonition.note,details.note{--hb-adm-icon:url("data:image/svg+xml`, `:root{--hb-font:"Inter \"X\"",system-ui`} {
		if !strings.Contains(css, want) {
			t.Errorf("style CSS lacks %s:\n%s", want, css)
		}
	}
}
