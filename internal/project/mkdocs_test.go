package project

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"handbook/internal/diag"
)

const fixture = "testdata/project/mkdocs.yml"

func loadFixture(t *testing.T) (*Config, *Extra, diag.List) {
	t.Helper()
	os.Unsetenv("HANDBOOK_TEST_SITE_URL")
	os.Unsetenv("HANDBOOK_TEST_SOCIAL")
	return readMkDocsFile(fixture)
}

func TestLoadFixtureSiteKeys(t *testing.T) {
	cfg, extra, _ := loadFixture(t)
	want := map[string][2]string{
		"Title":       {cfg.Title, "Interview Prep"},
		"Description": {cfg.Description, "Notes for engineering-manager interviews"},
		"BaseURL":     {cfg.BaseURL, "https://example.org/"}, // the !ENV default
		"RepoURL":     {cfg.RepoURL, "https://github.com/example/prep"},
		"EditPath":    {cfg.EditPath, "edit/main/docs/"},
		"ContentDir":  {cfg.ContentDir, "docs"},
		"Language":    {cfg.Language, "de"},
		"Copyright":   {cfg.Copyright, "Copyright &copy; 2024 Example"},
		"Path":        {cfg.Path, fixture},
		"SiteAuthor":  {extra.SiteAuthor, "Ada Lovelace"},
		"RepoName":    {extra.RepoName, "example/prep"},
		"ThemeName":   {extra.ThemeName, "material"},
	}
	for field, gw := range want {
		if gw[0] != gw[1] {
			t.Errorf("%s = %q, want %q", field, gw[0], gw[1])
		}
	}
	if len(cfg.Levels) != 0 {
		t.Errorf("Levels = %+v, want none (levels are opt-in: extra.levels)", cfg.Levels)
	}
	if cfg.InferLevels == nil || !*cfg.InferLevels {
		t.Errorf("InferLevels = %v, want true", cfg.InferLevels)
	}
}

func TestLoadFixtureExtra(t *testing.T) {
	_, extra, _ := loadFixture(t)
	if extra.UseDirectoryURLs {
		t.Error("UseDirectoryURLs = true, want false from use_directory_urls: false")
	}
	if want := []string{"stylesheets/extra.css"}; !reflect.DeepEqual(extra.ExtraCSS, want) {
		t.Errorf("ExtraCSS = %q, want %q", extra.ExtraCSS, want)
	}
	if want := []string{"javascripts/extra.js", "javascripts/module.js"}; !reflect.DeepEqual(extra.ExtraJS, want) {
		t.Errorf("ExtraJS = %q, want %q", extra.ExtraJS, want)
	}
	if extra.AllowRemote {
		t.Error("AllowRemote = true, want false")
	}
	if want := (Palette{Primary: "#7e56c2", Accent: "#ffaa00"}); extra.Palette != want {
		t.Errorf("Palette = %+v, want %+v (deep purple / amber, the first scheme)", extra.Palette, want)
	}
	if !extra.TocPermalink || extra.TocPermalinkSymbol != "#" || extra.TocDepth != 3 {
		t.Errorf("toc = permalink %v %q depth %d, want true \"#\" 3", extra.TocPermalink, extra.TocPermalinkSymbol, extra.TocDepth)
	}
	wantExt := []string{"toc", "tables", "attr_list", "md_in_html", "def_list", "footnotes", "abbr", "admonition",
		"pymdownx.details", "pymdownx.superfences", "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.snippets",
		"pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.emoji", "pymdownx.keys", "pymdownx.mark",
		"pymdownx.tilde", "pymdownx.caret", "pymdownx.arithmatex", "pymdownx.critic", "smarty"}
	if !reflect.DeepEqual(extra.Extensions, wantExt) {
		t.Errorf("Extensions =\n%q\nwant\n%q", extra.Extensions, wantExt)
	}
	if len(extra.Unsupported) != 0 { // extensions are internal/mdconfig's to report
		t.Errorf("Unsupported = %q, want none", extra.Unsupported)
	}
	if !extra.SearchPlugin || !extra.TagsPlugin {
		t.Errorf("SearchPlugin %v TagsPlugin %v, want both true", extra.SearchPlugin, extra.TagsPlugin)
	}
}

// markdown_extensions keep each entry's options and place, for
// internal/mdconfig; pymdownx.snippets' base_path (default: the project
// folder) is what serve watches.
func TestLoadFixtureExtensions(t *testing.T) {
	cfg, _, _ := loadFixture(t)
	if len(cfg.MarkdownExtensions) != 23 {
		t.Fatalf("%d extensions, want 23", len(cfg.MarkdownExtensions))
	}
	toc := cfg.MarkdownExtensions[0]
	if toc.Name != "toc" || toc.At.Line != 49 || toc.Options.Get("toc_depth").Text != "3" {
		t.Errorf("toc entry = %q at line %d, options %+v", toc.Name, toc.At.Line, toc.Options)
	}
	if def := cfg.MarkdownExtensions[4]; def.Name != "def_list" || def.Options != nil || def.At.Line != 56 {
		t.Errorf("def_list entry = %+v (its markdown.extensions. prefix is dropped)", def)
	}
	if want := []string{filepath.Join("testdata", "project")}; !reflect.DeepEqual(cfg.SnippetPaths, want) {
		t.Errorf("SnippetPaths = %q, want %q", cfg.SnippetPaths, want)
	}
}

func TestLoadFixtureNav(t *testing.T) {
	cfg, _, _ := loadFixture(t)
	want := []NavItem{
		{Title: "Home", Page: "index.md", Line: 94},
		{Title: "Getting started", Line: 95, Children: []NavItem{
			{Page: "getting-started/index.md", Line: 96},
			{Title: "Install", Page: "getting-started/install.md", Line: 97},
		}},
		{Title: "Guide", Line: 98, Children: []NavItem{
			{Page: "guide/index.md", Line: 99},
			{Page: "guide/basics.md", Line: 100},
			{Title: "Advanced", Line: 101, Children: []NavItem{
				{Page: "guide/advanced/index.md", Line: 102},
				{Title: "Tuning", Page: "guide/advanced/tuning.md", Line: 103},
			}},
		}},
		{Title: "Source", URL: "https://github.com/example/prep", Line: 104},
	}
	if !reflect.DeepEqual(cfg.Nav, want) {
		t.Errorf("Nav =\n%+v\nwant\n%+v", cfg.Nav, want)
	}
}

func TestLoadFixtureDiagnostics(t *testing.T) {
	_, _, diags := loadFixture(t)
	got := diagStrings(diags)
	want := []string{
		fixture + ":41:5: warning: remote assets left out (pages make no requests to other hosts; set extra.handbook_allow_remote_assets: true to link them): https://cdn.example.com/remote.css, https://unpkg.com/remote.js",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("diagnostics =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func diagStrings(diags diag.List) []string {
	diags.Sort()
	var out []string
	for _, d := range diags {
		out = append(out, d.String())
	}
	return out
}

func TestEnvTagReadsTheEnvironment(t *testing.T) {
	t.Setenv("HANDBOOK_TEST_SITE_URL", "https://docs.example.com/team/")
	t.Setenv("HANDBOOK_TEST_SOCIAL", "true")
	cfg, extra, _ := readMkDocsFile(fixture)
	if cfg.BaseURL != "https://docs.example.com/team/" {
		t.Errorf("BaseURL = %q, want the environment's value", cfg.BaseURL)
	}
	if len(extra.Unsupported) != 0 {
		t.Errorf("Unsupported = %q, want none", extra.Unsupported)
	}
	yml := "site_name: T\nplugins:\n  - glightbox:\n      enabled: !ENV [HANDBOOK_TEST_GLIGHTBOX, false]\n"
	if cfg, _, _ := load(t, yml); cfg.Plugins.Glightbox {
		t.Error("glightbox on, but its enabled: !ENV has no value and defaults to false")
	}
	t.Setenv("HANDBOOK_TEST_GLIGHTBOX", "true")
	if cfg, _, _ := load(t, yml); !cfg.Plugins.Glightbox {
		t.Error("glightbox off, but its enabled: !ENV reads true from the environment")
	}
}

// load parses mkdocs.yml text written to a temporary project.
func load(t *testing.T, yml string) (*Config, *Extra, diag.List) {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "mkdocs.yml")
	if err := os.WriteFile(p, []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, extra, diags := readMkDocsFile(p)
	for i := range diags {
		diags[i].Path = "mkdocs.yml"
	}
	return cfg, extra, diags
}

func TestMkDocsDefaults(t *testing.T) {
	cfg, extra, diags := load(t, "site_name: Minimal\n")
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diagStrings(diags))
	}
	if cfg.ContentDir != "docs" || cfg.Language != "en" || cfg.EditPath != "" || cfg.Nav != nil {
		t.Errorf("config defaults wrong: %+v", cfg)
	}
	if !extra.UseDirectoryURLs || !extra.SearchPlugin || extra.TagsPlugin || extra.TocDepth != 6 || extra.ThemeName != "mkdocs" {
		t.Errorf("extra defaults wrong: %+v", extra)
	}
}

func TestPluginsListReplacesDefaultSearch(t *testing.T) {
	_, extra, _ := load(t, "site_name: x\nplugins:\n  - material/tags\n")
	if extra.SearchPlugin || !extra.TagsPlugin {
		t.Errorf("SearchPlugin %v TagsPlugin %v, want false true", extra.SearchPlugin, extra.TagsPlugin)
	}
	_, extra, _ = load(t, "site_name: x\nplugins: {search: {lang: de}}\n")
	if !extra.SearchPlugin {
		t.Error("plugins given as a mapping: search not recognised")
	}
}

func TestEditURIDefaultsAndForms(t *testing.T) {
	cases := []struct{ yml, want string }{
		{"repo_url: https://github.com/o/r\n", "edit/master/docs/"},
		{"repo_url: https://gitlab.com/o/r\ndocs_dir: site\n", "edit/master/docs/"},
		{"repo_url: https://bitbucket.org/o/r\n", "src/default/docs/"},
		{"repo_url: https://git.example.com/o/r\n", ""},
		{"repo_url: https://github.com/o/r/\nedit_uri: blob/main/docs\n", "blob/main/docs"},
		{"repo_url: https://github.com/o/r\nedit_uri: /o/r/edit/dev/docs/\n", "edit/dev/docs/"},
		{"repo_url: https://github.com/o/r\nedit_uri: https://github.com/o/r/edit/x/docs/\n", "edit/x/docs/"},
		{"repo_url: https://github.com/o/r\nedit_uri: https://elsewhere.com/edit/\n", ""},
	}
	for _, c := range cases {
		cfg, _, _ := load(t, "site_name: x\n"+c.yml)
		if cfg.EditPath != c.want {
			t.Errorf("%q: EditPath = %q, want %q", c.yml, cfg.EditPath, c.want)
		}
	}
	_, extra, _ := load(t, "site_name: x\nrepo_url: https://gitlab.com/o/r\n")
	if extra.RepoName != "GitLab" {
		t.Errorf("RepoName = %q, want GitLab", extra.RepoName)
	}
}

func TestPaletteForms(t *testing.T) {
	cases := []struct {
		yml  string
		want Palette
	}{
		{"theme: {name: material, palette: {primary: indigo, accent: pink}}", Palette{"#4051b5", "#f50056"}},
		{"theme: {name: material, palette: {primary: Blue Grey, accent: brown}}", Palette{"#546d78", "#795649"}},
		{"theme: {name: material, palette: [{primary: teal}, {primary: red}]}", Palette{Primary: "#009485"}},
		{"theme: {name: material, palette: {primary: custom}}", Palette{}},
	}
	for _, c := range cases {
		_, extra, diags := load(t, "site_name: x\n"+c.yml+"\n")
		if extra.Palette != c.want || len(diags) != 0 {
			t.Errorf("%s: Palette = %+v %v, want %+v and no diagnostics", c.yml, extra.Palette, diagStrings(diags), c.want)
		}
	}
	_, _, diags := load(t, "site_name: x\ntheme:\n  palette:\n    primary: chartreuse\n")
	if got := diagStrings(diags); len(got) != 1 || !strings.HasPrefix(got[0], "mkdocs.yml:4:14: warning: theme.palette primary \"chartreuse\"") {
		t.Errorf("unknown colour: %v", got)
	}
}

func TestRemoteAssetsAllowed(t *testing.T) {
	yml := "site_name: x\nextra:\n  handbook_allow_remote_assets: true\nextra_css: [https://cdn.example.com/a.css]\nextra_javascript: [{path: 'https://cdn.example.com/a.js', defer: true}]\n"
	_, extra, diags := load(t, yml)
	if !extra.AllowRemote || !reflect.DeepEqual(extra.ExtraCSS, []string{"https://cdn.example.com/a.css"}) ||
		!reflect.DeepEqual(extra.ExtraJS, []string{"https://cdn.example.com/a.js"}) {
		t.Errorf("remote assets not kept when allowed: %+v", extra)
	}
	if len(diags) != 0 {
		t.Errorf("diagnostics: %v", diagStrings(diags))
	}
}

func TestMissingLocalAssetWarns(t *testing.T) {
	_, extra, diags := load(t, "site_name: x\nextra_css:\n  - ./css/missing.css\n")
	if !reflect.DeepEqual(extra.ExtraCSS, []string{"css/missing.css"}) {
		t.Errorf("ExtraCSS = %q", extra.ExtraCSS)
	}
	want := []string{"mkdocs.yml:3:5: warning: extra_css names css/missing.css, which is not a file in docs"}
	if got := diagStrings(diags); !reflect.DeepEqual(got, want) {
		t.Errorf("diagnostics = %q, want %q", got, want)
	}
}

func TestTocDepthRangeAndPermalinkTrue(t *testing.T) {
	_, extra, _ := load(t, "site_name: x\nmarkdown_extensions:\n  - toc:\n      permalink: true\n      toc_depth: 2-4\n")
	if !extra.TocPermalink || extra.TocPermalinkSymbol != "" || extra.TocDepth != 4 {
		t.Errorf("toc = %v %q %d, want true \"\" 4", extra.TocPermalink, extra.TocPermalinkSymbol, extra.TocDepth)
	}
}

func TestNavLinksThatAreNotPages(t *testing.T) {
	cfg, _, _ := load(t, "site_name: x\nnav:\n  - Mail: mailto:a@example.com\n  - Blog: /blog/\n  - page.markdown\n")
	want := []NavItem{
		{Title: "Mail", URL: "mailto:a@example.com", Line: 3},
		{Title: "Blog", URL: "/blog/", Line: 4},
		{Page: "page.markdown", Line: 5},
	}
	if !reflect.DeepEqual(cfg.Nav, want) {
		t.Errorf("Nav = %+v, want %+v", cfg.Nav, want)
	}
}

// readMkDocsFile reads one MkDocs config as Load does for that format.
func readMkDocsFile(path string) (*Config, *Extra, diag.List) {
	l := loadMkDocs(path)
	return l.cfg, l.extra, l.Diags
}
