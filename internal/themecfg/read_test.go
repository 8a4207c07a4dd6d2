package themecfg

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/project"
)

func load(t *testing.T, yml string) *project.Config {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "docs"), 0o755)
	if err := os.WriteFile(filepath.Join(dir, "mkdocs.yml"), []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, _ := project.Load(project.Options{Source: dir})
	return cfg
}

func TestReadMaterialThemeSettings(t *testing.T) {
	cfg := load(t, `site_name: T
theme:
  name: material
  features: [navigation.tabs, content.code.copy, navigation.instant, content.code.select]
  palette:
    - media: "(prefers-color-scheme)"
      toggle: {icon: material/link, name: Switch to light mode}
    - scheme: default
      primary: Deep Purple
      accent: amber
      toggle: {icon: material/toggle-switch, name: Switch to dark mode}
    - scheme: slate
      primary: black
  font: {text: Roboto, code: Roboto Mono}
  logo: /assets/logo.png
  favicon: assets/favicon.png
  icon:
    repo: fontawesome/brands/github
    admonition:
      note: octicons/tag-16
  sidebar_colour: red
extra:
  social:
    - icon: fontawesome/brands/github
      link: https://github.com/example
  consent:
    title: Cookies
    description: We ask.
`)
	th, diags := Read(cfg)
	if !th.Features["navigation.tabs"] || !th.Features["content.code.copy"] || th.Features["navigation.instant"] || len(th.Features) != 2 {
		t.Errorf("features %v", th.Features)
	}
	var warnings []string
	for _, d := range diags {
		warnings = append(warnings, d.String())
	}
	all := strings.Join(warnings, "\n")
	if !strings.Contains(all, "mkdocs.yml:4:70: warning: theme.features not supported by handbook (ignored): content.code.select") ||
		!strings.Contains(all, "mkdocs.yml:21:3: warning: theme.sidebar_colour is not supported") || len(warnings) != 2 {
		t.Errorf("diagnostics:\n%s", all)
	}
	if len(th.Schemes) != 3 || th.Schemes[1].Primary != "#7e56c2" || th.Schemes[1].Accent != "#ffaa00" || th.Schemes[2].Scheme != "slate" ||
		th.Schemes[0].ToggleName != "Switch to light mode" || th.Schemes[0].Primary != "" {
		t.Errorf("schemes %+v", th.Schemes)
	}
	if th.Font.Text != "Roboto" || th.Font.Code != "Roboto Mono" || th.Logo != "assets/logo.png" || th.Favicon != "assets/favicon.png" {
		t.Errorf("font, logo, favicon: %+v", th)
	}
	if th.Icons["repo"] != "fontawesome/brands/github" || th.Icons["admonition.note"] != "octicons/tag-16" {
		t.Errorf("icons %v", th.Icons)
	}
	if len(th.Social) != 1 || th.Social[0].Link != "https://github.com/example" || th.Consent == nil || th.Consent.Title != "Cookies" {
		t.Errorf("social %v, consent %v", th.Social, th.Consent)
	}
	if cfg.Palette.Primary != "#7e56c2" {
		t.Errorf("the palette's colours for build-time drawing come from the first scheme naming any: %q", cfg.Palette.Primary)
	}
}

func TestHandbookProjectsKeepTheirTheme(t *testing.T) {
	th, diags := Read(project.Default())
	if len(diags) > 0 || len(th.Features) != len(HandbookFeatures) || !th.Features["navigation.footer"] || th.Features["navigation.tabs"] {
		t.Errorf("handbook.yaml features %v, %v", th.Features, diags)
	}
}

func TestMainHTMLBlocks(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.html"), []byte(`{% extends "base.html" %}

{% block announce %}
  <a href="/news/">New release!</a>
{% endblock %}

{% block extrahead %}<meta name="x" content="y">{% endblock %}

{% block outdated %}
  You're not viewing the latest version.
{% endblock %}

{% block footer %}{{ super() }}{% endblock %}
`), 0o644)
	o, diags := ReadOverrides(dir, dir)
	if o.Announce != `<a href="/news/">New release!</a>` || o.ExtraHead != `<meta name="x" content="y">` {
		t.Errorf("overrides %+v", o)
	}
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	all := strings.Join(got, "\n")
	if len(got) != 2 || !strings.Contains(all, "main.html:9:1: warning: block outdated of main.html has no counterpart") || !strings.Contains(all, "main.html:13:1: warning: block footer of main.html has no counterpart") {
		t.Errorf("diagnostics:\n%s", all)
	}
}
