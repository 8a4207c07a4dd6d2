package project

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestValidationAndStrict(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "mkdocs.yml"), "site_name: x\n")
	cfg, _ := Load(Options{Source: dir})
	if cfg.Validation != MkDocsValidation || cfg.Strict.On {
		t.Errorf("MkDocs defaults: %+v strict %+v", cfg.Validation, cfg.Strict)
	}
	write(t, filepath.Join(dir, "mkdocs.yml"), `site_name: x
strict: true
validation:
  omitted_files: warn
  absolute_links: relative_to_docs
  nav:
    not_found: ignore
  links:
    anchors: warn
    unrecognized_links: ignore
`)
	cfg, diags := Load(Options{Source: dir})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	want := Validation{
		NavOmittedFiles: CheckWarn, NavNotFound: CheckIgnore, NavAbsoluteLinks: CheckIgnore,
		LinksNotFound: CheckWarn, LinksAnchors: CheckWarn, LinksAbsoluteLinks: CheckIgnore, LinksUnrecognizedLinks: CheckIgnore,
		AbsoluteLinksRelativeToDocs: true,
	}
	if cfg.Validation != want {
		t.Errorf("validation = %+v\nwant %+v", cfg.Validation, want)
	}
	if cfg.Strict != (Strictness{On: true, Source: "strict: true in mkdocs.yml"}) {
		t.Errorf("strict = %+v", cfg.Strict)
	}
}

func TestValidationErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "mkdocs.yml"), "site_name: x\nvalidation:\n  links:\n    anchors: loud\n  nowhere: warn\n")
	_, diags := Load(Options{Source: dir})
	got := diagStrings(diags)
	if len(got) != 2 || !strings.Contains(got[0], "mkdocs.yml:4:14: validation.links.anchors must be warn, info or ignore") ||
		!strings.Contains(got[1], "mkdocs.yml:5:3: validation has no setting \"nowhere\"") {
		t.Errorf("diagnostics:\n%s", strings.Join(got, "\n"))
	}
}

// handbook.yaml is strict unless it says strict: false; its validation
// takes MkDocs' shape.
func TestHandbookValidation(t *testing.T) {
	cfg := Default()
	if cfg.Validation != HandbookValidation || !cfg.Strict.On || cfg.Strict.Source != "handbook.yaml's default" {
		t.Errorf("defaults: %+v %+v", cfg.Validation, cfg.Strict)
	}
	c, diags := ParseHandbook("handbook.yaml", []byte("strict: false\nvalidation:\n  anchors: info\n"))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if c.Strict.On || c.Validation.LinksAnchors != CheckInfo || c.Validation.LinksNotFound != CheckWarn {
		t.Errorf("read: %+v %+v", c.Validation, c.Strict)
	}
}

// extra.levels gives an MkDocs project levels, in handbook.yaml's shape;
// the colour of a level without one is the default's.
func TestExtraLevels(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "mkdocs.yml"), "site_name: x\nextra:\n  levels:\n    - id: beginner\n      name: Beginner\n    - {id: expert, color: '#123456', shade: dark}\n    - {name: no id}\n")
	cfg, diags := Load(Options{Source: dir})
	if len(cfg.Levels) != 2 || cfg.Levels[0].ID != "beginner" || cfg.Levels[0].Name != "Beginner" || cfg.Levels[0].Color == "" ||
		cfg.Levels[1].Color != "#123456" || cfg.Levels[1].Name != "expert" {
		t.Errorf("levels = %+v", cfg.Levels)
	}
	got := diagStrings(diags)
	if len(got) != 2 || !strings.Contains(got[0], ":6:38: warning: extra.levels entry has no key \"shade\"") || !strings.Contains(got[1], ":7:7: extra.levels entry has no id") {
		t.Errorf("diagnostics:\n%s", strings.Join(got, "\n"))
	}
}
