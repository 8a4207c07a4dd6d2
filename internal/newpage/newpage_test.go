package newpage

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"handbook/internal/project/cfgtree"

	"github.com/goccy/go-yaml"
)

// frontMatter returns the text between the opening and closing "---" lines.
func frontMatter(t *testing.T, page string) string {
	t.Helper()
	rest, ok := strings.CutPrefix(page, "---\n")
	if !ok {
		t.Fatalf("page does not start with front matter:\n%s", page)
	}
	fm, _, ok := strings.Cut(rest, "\n---\n")
	if !ok {
		t.Fatalf("front matter is not closed:\n%s", page)
	}
	return fm + "\n"
}

func createAndRead(t *testing.T, site, relPath string, opts Options) (page, created, preview string) {
	t.Helper()
	created, preview, err := Create(site, "content", relPath, opts)
	if err != nil {
		t.Fatalf("Create(%q): %v", relPath, err)
	}
	data, err := os.ReadFile(created)
	if err != nil {
		t.Fatal(err)
	}
	return string(data), created, preview
}

// assertInOrder checks that each part appears in page, after the previous one.
func assertInOrder(t *testing.T, page string, parts ...string) {
	t.Helper()
	rest := page
	for _, part := range parts {
		i := strings.Index(rest, part)
		if i < 0 {
			t.Fatalf("page lacks %q (or has it out of order):\n%s", part, page)
		}
		rest = rest[i+len(part):]
	}
}

func TestCreateCaseStudy(t *testing.T) {
	site := t.TempDir()
	page, created, preview := createAndRead(t, site, "experiences/new-case", Options{Kind: "case-study", Level: "L6"})
	if want := filepath.Join(site, "content", "experiences", "new-case.md"); created != want {
		t.Errorf("created %s, want %s", created, want)
	}
	if want := "http://127.0.0.1:8000/experiences/new-case/"; preview != want {
		t.Errorf("preview URL %s, want %s", preview, want)
	}
	wantFM := `title: New Case
description: "TODO: one sentence: the candidate, the target level and why the loop failed."
levels: [L6]
tags: [case-study]
weight: 100
`
	if got := frontMatter(t, page); got != wantFM {
		t.Errorf("front matter =\n%s\nwant\n%s", got, wantFM)
	}
	assertInOrder(t, page, "\n# New Case\n", "\n## Background Profile\n", "**Target:** TODO: role title (L6)",
		"\n## The Interview Experience\n", "\n### Round 1: ", "\n## Root Cause Analysis\n", "\n## Recovery Plan\n", "- [ ] ")
}

func TestCreateQuestion(t *testing.T) {
	site := t.TempDir()
	page, _, preview := createAndRead(t, site, "experiences/questions/l7-org-design.md", Options{Kind: "question"})
	if want := "http://127.0.0.1:8000/experiences/questions/l7-org-design/"; preview != want {
		t.Errorf("preview URL %s, want %s", preview, want)
	}
	wantFM := `title: L7 Org Design
description: "TODO: one sentence: what this question tests and in which round it is asked."
levels: [L7]
tags: [question]
weight: 100
`
	if got := frontMatter(t, page); got != wantFM {
		t.Errorf("front matter =\n%s\nwant\n%s", got, wantFM)
	}
	assertInOrder(t, page, "\n# L7 Org Design\n", "!!! question \"The question\"\n    \"TODO",
		"- **Levels:** L7\n", "\n## Follow-ups\n\n1. ", "??? example \"Model answer\"\n    === \"L7\"\n\n        **Situation:**")
	if strings.Contains(page, `=== "L6"`) {
		t.Errorf("an L7 question got an L6 model answer tab:\n%s", page)
	}
}

func TestCreateQuestionForBothLevelsHasATabPerLevel(t *testing.T) {
	page, _, _ := createAndRead(t, t.TempDir(), "experiences/conflict.md", Options{Kind: "question", Level: "L6,L7"})
	assertInOrder(t, page, "levels: [L6, L7]\n", "- **Levels:** L6 · L7\n")
	tab := "\n\n        **Situation:** TODO\n\n        **Task:** TODO\n\n        **Action:** TODO\n\n" +
		"        **Result:** TODO: a number, a date and what changed because of it.\n"
	modelAnswer := "??? example \"Model answer\"\n    === \"L6\"" + tab + "\n    === \"L7\"" + tab
	if !strings.HasSuffix(page, modelAnswer) {
		t.Errorf("page does not end with the model answer\n%s\ngot\n%s", modelAnswer, page)
	}
}

func TestCreatePageIsTheDefaultKind(t *testing.T) {
	site := t.TempDir()
	page, created, preview := createAndRead(t, site, "getting-started/how-to-use.md", Options{Title: "How to use this handbook"})
	if want := filepath.Join(site, "content", "getting-started", "how-to-use.md"); created != want {
		t.Errorf("created %s, want %s", created, want)
	}
	if want := "http://127.0.0.1:8000/getting-started/how-to-use/"; preview != want {
		t.Errorf("preview URL %s, want %s", preview, want)
	}
	wantFM := `title: How to use this handbook
description: "TODO: one sentence saying what this page gives the reader (shown in search results and link previews)."
levels: [L6, L7]
weight: 100
`
	if got := frontMatter(t, page); got != wantFM {
		t.Errorf("front matter =\n%s\nwant\n%s", got, wantFM)
	}
	assertInOrder(t, page, "\n# How to use this handbook\n", "\n## Overview\n")
}

func TestFrontMatterIsValidYAML(t *testing.T) {
	tricky := []string{"Design: a CDN", "Yes", "#1 mistake", `Say "I", not "we"`, "2024", "Ownership – L6 vs L7"}
	for i, title := range tricky {
		for _, kind := range Kinds {
			page, _, _ := createAndRead(t, t.TempDir(), "p.md", Options{Title: title, Kind: kind, Level: []string{"L6", "L6,L7"}[i%2]})
			var fm struct {
				Title       string   `yaml:"title"`
				Description string   `yaml:"description"`
				Levels      []string `yaml:"levels"`
				Weight      int      `yaml:"weight"`
			}
			if err := yaml.Unmarshal([]byte(frontMatter(t, page)), &fm); err != nil {
				t.Fatalf("%s with title %q: front matter is not YAML: %v\n%s", kind, title, err, page)
			}
			if fm.Title != title || fm.Description == "" || len(fm.Levels) == 0 || fm.Weight != 100 {
				t.Errorf("%s with title %q: front matter read back as %+v", kind, title, fm)
			}
		}
	}
}

func TestCreateRefusesToOverwrite(t *testing.T) {
	site := t.TempDir()
	existing := filepath.Join(site, "content", "experiences", "failure-case-studies.md")
	if err := os.MkdirAll(filepath.Dir(existing), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(existing, []byte("precious\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := Create(site, "content", "experiences/failure-case-studies", Options{Kind: "case-study"})
	if err == nil || !strings.Contains(err.Error(), existing) || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("err = %v, want an error naming %s", err, existing)
	}
	if data, _ := os.ReadFile(existing); string(data) != "precious\n" {
		t.Errorf("existing page was changed to %q", data)
	}
}

func TestSiteTemplateOverridesTheBuiltInOne(t *testing.T) {
	site := t.TempDir()
	custom := "---\ntitle: {{yaml .Title}}\nlevels: {{yamlList .Levels}}\n---\n\n# {{.Title}} ({{.Kind}}, {{.Path}}, {{.URL}}, {{.LevelText}})\n"
	if err := os.MkdirAll(filepath.Join(site, "theme", "new"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "theme", "new", "question.md"), []byte(custom), 0o644); err != nil {
		t.Fatal(err)
	}
	page, _, _ := createAndRead(t, site, "q/l6-dive-deep.md", Options{Kind: "question"})
	want := "---\ntitle: L6 Dive Deep\nlevels: [L6]\n---\n\n# L6 Dive Deep (question, q/l6-dive-deep.md, q/l6-dive-deep/, L6)\n"
	if page != want {
		t.Errorf("page from the site's template =\n%s\nwant\n%s", page, want)
	}
	// Kinds the site does not override still use the built-in template.
	other, _, _ := createAndRead(t, site, "q/story.md", Options{Kind: "case-study"})
	if !strings.Contains(other, "## Background Profile") {
		t.Errorf("case study without a site template did not use the built-in one:\n%s", other)
	}
}

func TestTemplatesOptionOverridesTheBuiltInOne(t *testing.T) {
	site := t.TempDir()
	custom := fstest.MapFS{"page.md": {Data: []byte("# {{.Title}}\n")}}
	page, _, _ := createAndRead(t, site, "notes.md", Options{Templates: custom})
	if page != "# Notes\n" {
		t.Errorf("page = %q, want the Templates option's template", page)
	}
}

func TestBrokenSiteTemplateIsReportedAndWritesNothing(t *testing.T) {
	site := t.TempDir()
	for name, body := range map[string]string{
		"page.md":     "# {{.Title",           // parse error
		"question.md": "# {{.NoSuchField}}\n", // execution error
	} {
		kind := strings.TrimSuffix(name, ".md")
		_, _, err := Create(site, "content", "x.md", Options{Kind: kind, Templates: fstest.MapFS{name: {Data: []byte(body)}}})
		if err == nil || !strings.Contains(err.Error(), "theme/new/"+name) {
			t.Errorf("%s: err = %v, want an error naming theme/new/%s", kind, err, name)
		}
		if _, statErr := os.Stat(filepath.Join(site, "content", "x.md")); !errors.Is(statErr, os.ErrNotExist) {
			t.Errorf("%s: a page was written despite the template error", kind)
		}
	}
}

func TestUnknownKindListsTheKinds(t *testing.T) {
	_, _, err := Create(t.TempDir(), "content", "x.md", Options{Kind: "essay"})
	if err == nil || !strings.Contains(err.Error(), `"essay"`) || !strings.Contains(err.Error(), "case-study, page, question") {
		t.Errorf("err = %v, want one naming the kind and listing case-study, page, question", err)
	}
}

func TestLevels(t *testing.T) {
	cases := []struct {
		given, path string
		want        []string
	}{
		{"", "experiences/l6-hiring-bar.md", []string{"L6"}},
		{"", "L7/vision.md", []string{"L7"}},
		{"", "experiences/l7-vs-l6.md", []string{"L6", "L7"}},
		{"", "experiences/global-cdn.md", []string{"L6", "L7"}},
		{"", "experiences/l67.md", []string{"L6", "L7"}}, // not a level token
		{"l6", "experiences/l7-x.md", []string{"L6"}},    // given beats the path
		{"L7, L6", "x.md", []string{"L7", "L6"}},
		{"L6,L6", "x.md", []string{"L6"}},
	}
	for _, c := range cases {
		got, err := chooseLevels(c.given, c.path)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("chooseLevels(%q, %q) = %v, %v; want %v", c.given, c.path, got, err, c.want)
		}
	}
	for _, bad := range []string{"L6]", "L6,", "L 6", "[L6]"} {
		if _, err := chooseLevels(bad, "x.md"); err == nil {
			t.Errorf("chooseLevels(%q) accepted a malformed level", bad)
		}
	}
}

func TestTitleFromFileName(t *testing.T) {
	cases := map[string]string{
		"experiences/l6-hiring-bar.md": "L6 Hiring Bar",
		"bar_raiser_notes.md":          "Bar Raiser Notes",
		"guides/index.md":              "Guides",
		"index.md":                     "Home",
		"étude-de-cas.md":              "Étude De Cas",
		"---.md":                       "Untitled",
	}
	for rel, want := range cases {
		if got := titleFromFileName(rel); got != want {
			t.Errorf("titleFromFileName(%q) = %q, want %q", rel, got, want)
		}
	}
}

func TestPagePaths(t *testing.T) {
	cases := []struct{ in, file, preview string }{
		{"experiences/new-case", "experiences/new-case.md", "experiences/new-case/"},
		{"experiences/index.md", "experiences/index.md", "experiences/"},
		{"index", "index.md", ""},
		{`guides\windows-style.md`, "guides/windows-style.md", "guides/windows-style/"},
		{"./a/../b/c.md", "b/c.md", "b/c/"},
		{"notes/café notes.md", "notes/café notes.md", "notes/caf%C3%A9%20notes/"},
	}
	for _, c := range cases {
		site := t.TempDir()
		created, preview, err := Create(site, "content", c.in, Options{})
		if err != nil {
			t.Errorf("Create(%q): %v", c.in, err)
			continue
		}
		if want := filepath.Join(site, "content", filepath.FromSlash(c.file)); created != want {
			t.Errorf("Create(%q) created %s, want %s", c.in, created, want)
		}
		if want := PreviewBase + c.preview; preview != want {
			t.Errorf("Create(%q) preview %s, want %s", c.in, preview, want)
		}
	}
}

func TestPathsOutsideTheContentFolderAreRefused(t *testing.T) {
	site := t.TempDir()
	for _, bad := range []string{"", "  ", "../escape.md", "a/../../escape.md", "/etc/x.md", "..", ".", "a\x00b.md"} {
		if created, _, err := Create(site, "content", bad, Options{}); err == nil {
			t.Errorf("Create(%q) succeeded, creating %s", bad, created)
		}
	}
	if _, err := os.Stat(filepath.Join(site, "escape.md")); err == nil {
		t.Errorf("a page escaped the content folder")
	}
}

func TestAbsoluteContentDir(t *testing.T) {
	content := filepath.Join(t.TempDir(), "docs")
	created, _, err := Create("/nonexistent-site", content, "a.md", Options{Templates: fstest.MapFS{}})
	if err != nil || created != filepath.Join(content, "a.md") {
		t.Errorf("Create with an absolute content dir = %s, %v", created, err)
	}
}

func TestYAMLStringRoundTrips(t *testing.T) {
	for _, s := range []string{"L6 Hiring Bar", "No", "null", "1e5", "a: b", "- item", "[x]", "x #y", "'quoted'", "tab\there", "é"} {
		assertYAMLRoundTrip(t, s)
	}
}

func assertYAMLRoundTrip(t *testing.T, s string) {
	t.Helper()
	var doc map[string]any
	text := "title: " + cfgtree.QuoteYAML(s) + "\n"
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatalf("cfgtree.QuoteYAML(%q) = %s: %v", s, text, err)
	}
	if got, ok := doc["title"].(string); !ok || got != s {
		t.Errorf("cfgtree.QuoteYAML(%q) = %s reads back as %#v", s, text, doc["title"])
	}
}

func FuzzCreate(f *testing.F) {
	f.Add("experiences/l6-hiring-bar.md", "", "question", "")
	f.Add("a/b", "Design: a CDN", "case-study", "L6,L7")
	f.Add("../x", "\x00", "page", "l7")
	f.Add("x/index.md", "#1 \"quoted\" title", "essay", "L6]")
	f.Fuzz(func(t *testing.T, relPath, title, kind, level string) {
		site := t.TempDir()
		created, _, err := Create(site, "content", relPath, Options{Title: title, Kind: kind, Level: level})
		if err != nil {
			return
		}
		content := filepath.Join(site, "content") + string(filepath.Separator)
		if !strings.HasPrefix(created, content) {
			t.Fatalf("Create(%q) wrote %s, outside %s", relPath, created, content)
		}
		data, err := os.ReadFile(created)
		if err != nil {
			t.Fatal(err)
		}
		var fm struct {
			Title  string   `yaml:"title"`
			Levels []string `yaml:"levels"`
		}
		if err := yaml.Unmarshal([]byte(frontMatter(t, string(data))), &fm); err != nil {
			t.Fatalf("front matter is not YAML: %v\n%s", err, data)
		}
		if fm.Title == "" || len(fm.Levels) == 0 {
			t.Fatalf("front matter lacks title or levels:\n%s", data)
		}
	})
}

func FuzzYAMLString(f *testing.F) {
	for _, s := range []string{"L6 Hiring Bar", "No", "a: b", "x #y", "é – ü", "'", `"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		title := cleanTitle(s)
		if title == "" {
			return
		}
		assertYAMLRoundTrip(t, title)
	})
}
