package site

import (
	"reflect"
	"strings"
	"testing"

	"handbook/internal/diag"
	"handbook/internal/project"
	"handbook/internal/sitetest"
)

func loadSite(t *testing.T, archive string) (*Site, diag.List) {
	t.Helper()
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, archive)
	cfg, d := project.Load(project.Options{Source: dir})
	if d.HasErrors() {
		t.Fatal(d)
	}
	s, diags := Load(cfg, cfg.Root, Options{})
	return s, append(d, diags...)
}

// Material's page keys are read; in an MkDocs project any other key is
// allowed, and a value of the wrong type is a warning (the page builds).
func TestMaterialPageKeys(t *testing.T) {
	s, diags := loadSite(t, `-- mkdocs.yml --
site_name: x
-- docs/index.md --
---
title: Home
hide: [navigation, toc]
icon: material/heart
status: new
search:
  exclude: true
template: home.html
subtitle: Where it starts
anything: goes
comments: true
---
# Home
-- docs/bad.md --
---
hide: {a: b}
---
# Bad
`)
	fm := s.Page("index.md").FM
	if fm.Title != "Home" || !fm.Hides("navigation") || !fm.Hides("toc") || fm.Hides("footer") || fm.Icon != "material/heart" ||
		fm.Status != "new" || !fm.SearchExclude || fm.Template != "home.html" || fm.Subtitle != "Where it starts" {
		t.Errorf("front matter = %+v", fm)
	}
	if got := sitetest.Messages(diags); got != "docs/bad.md:2:1: warning: front-matter field \"hide\": must be a list or a single value (ignored)\n" {
		t.Errorf("diagnostics:\n%s", got)
	}
}

// handbook.yaml projects keep their strict front matter.
func TestHandbookFrontMatterStaysStrict(t *testing.T) {
	_, diags := loadSite(t, "-- content/index.md --\n---\nanything: x\nhide: {a: b}\n---\n# Home\n")
	got := sitetest.Messages(diags)
	if !strings.Contains(got, `content/index.md:2:1: warning: unknown front-matter field "anything"`) ||
		!strings.Contains(got, `content/index.md:3:1: front-matter field "hide": must be a list or a single value`) {
		t.Errorf("diagnostics:\n%s", got)
	}
}

// .meta.yml files apply to their folder and below: a deeper file's keys
// and the page's own win; lists add up.
func TestMetaFiles(t *testing.T) {
	s, diags := loadSite(t, `-- mkdocs.yml --
site_name: x
-- docs/.meta.yml --
tags: [all]
status: new
hide: [toc]
-- docs/guide/.meta.yml --
tags: [guide]
status: deprecated
icon: material/book
-- docs/guide/a.md --
---
tags: [a]
icon: material/star
---
# A
-- docs/guide/deep/b.md --
# B
-- docs/top.md --
# Top
-- docs/guidebook/c.md --
# C
`)
	if len(diags) > 0 {
		t.Fatal(sitetest.Messages(diags))
	}
	for page, want := range map[string]struct {
		tags   []string
		status string
		icon   string
	}{
		"guide/a.md":      {[]string{"all", "guide", "a"}, "deprecated", "material/star"},
		"guide/deep/b.md": {[]string{"all", "guide"}, "deprecated", "material/book"},
		"top.md":          {[]string{"all"}, "new", ""},
		"guidebook/c.md":  {[]string{"all"}, "new", ""}, // not in guide/
	} {
		fm := s.Page(page).FM
		if !reflect.DeepEqual(fm.Tags, want.tags) || fm.Status != want.status || fm.Icon != want.icon || !fm.Hides("toc") {
			t.Errorf("%s: tags %q status %q icon %q hide %q", page, fm.Tags, fm.Status, fm.Icon, fm.Hide)
		}
	}
	if s.Asset(".meta.yml") != nil || s.Asset("guide/.meta.yml") != nil {
		t.Error(".meta.yml copied as an asset")
	}
}

// Levels are opt-in: none without configured levels or a page naming
// some; a page naming some brings the defaults; extra.levels are an
// MkDocs project's; an unknown id is a warning there, an error in
// handbook.yaml.
func TestLevelsAreOptIn(t *testing.T) {
	s, _ := loadSite(t, "-- mkdocs.yml --\nsite_name: x\n-- docs/l6-notes.md --\n# L6 notes\n")
	if s.HasLevels() {
		t.Errorf("levels without any configured or named: %+v", s.Config.Levels)
	}
	s, _ = loadSite(t, "-- mkdocs.yml --\nsite_name: x\n-- docs/a.md --\n---\nlevels: [L6]\n---\n# A\n")
	if !reflect.DeepEqual(s.Config.LevelIDs(), []string{"L6", "L7"}) || !reflect.DeepEqual(s.Page("a.md").Levels, []string{"L6"}) {
		t.Errorf("front matter levels: %v, page %v", s.Config.LevelIDs(), s.Page("a.md").Levels)
	}
	s, diags := loadSite(t, "-- mkdocs.yml --\nsite_name: x\nextra:\n  levels: [{id: Beginner}]\n-- docs/a.md --\n---\nlevel: beginner\n---\n# A\n-- docs/b.md --\n---\nlevels: [expert]\n---\n# B\n")
	if !reflect.DeepEqual(s.Page("a.md").Levels, []string{"Beginner"}) ||
		sitetest.Messages(diags) != "docs/b.md:2:1: warning: unknown level \"expert\" (configured levels: Beginner)\n" {
		t.Errorf("extra.levels: page %v\n%s", s.Page("a.md").Levels, sitetest.Messages(diags))
	}
	_, diags = loadSite(t, "-- handbook.yaml --\nlevels: [{id: L6}]\n-- content/b.md --\n---\nlevels: [L9]\n---\n# B\n")
	if !diags.HasErrors() {
		t.Errorf("handbook.yaml: an unknown level is not an error:\n%s", sitetest.Messages(diags))
	}
}
