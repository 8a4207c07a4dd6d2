package project

import (
	"strings"
	"testing"
)

func TestParseFullConfig(t *testing.T) {
	src := `title: Prep
description: For managers.
base_url: https://user.github.io/repo/
repo_url: https://github.com/user/repo
edit_path: edit/main/content/
levels:
  - {id: L6, name: Senior, color: "#123456"}
  - {id: L7, name: Principal}
infer_levels: false
nav:
  - index.md
  - Guide:
      - guide/index.md
      - Intro: guide/intro.md
  - Source: https://github.com/user/repo
`
	c, d := ParseHandbook("handbook.yaml", []byte(src))
	if len(d) != 0 {
		t.Fatalf("diagnostics: %v", d)
	}
	if c.Title != "Prep" || c.BaseURL != "https://user.github.io/repo/" || c.ContentDir != "content" || *c.InferLevels {
		t.Errorf("config: %+v", c)
	}
	if len(c.Levels) != 2 || c.Levels[0].Color != "#123456" || c.Levels[1].Color == "" {
		t.Errorf("levels: %+v", c.Levels)
	}
	if len(c.Nav) != 3 || c.Nav[0].Page != "index.md" || c.Nav[1].Title != "Guide" || len(c.Nav[1].Children) != 2 ||
		c.Nav[1].Children[1].Page != "guide/intro.md" || c.Nav[2].URL != "https://github.com/user/repo" {
		t.Errorf("nav: %+v", c.Nav)
	}
	if c.Nav[1].Children[1].Line != 14 {
		t.Errorf("nav line = %d, want 14", c.Nav[1].Children[1].Line)
	}
}

func TestDefaults(t *testing.T) {
	c := Default()
	// Levels are opt-in: none unless configured (or named by a page).
	if c.Title != "Handbook" || c.ContentDir != "content" || len(c.Levels) != 0 {
		t.Errorf("defaults: %+v", c)
	}
}

func TestUnknownKeyWarns(t *testing.T) {
	_, d := ParseHandbook("handbook.yaml", []byte("title: X\nthemee: dark\n"))
	if len(d) != 1 || !strings.HasPrefix(d[0].String(), `handbook.yaml:2:1: warning: unknown config key "themee" (known: allow_remote_assets, author, base_url,`) {
		t.Fatalf("got %v", d)
	}
	if d.HasErrors() {
		t.Error("an unknown key must only warn")
	}
}

func TestInvalidYAMLNamesLineAndColumn(t *testing.T) {
	for _, src := range []string{"title: [unclosed\n", "title: x\n  bad: indent\n", "- just\n- a list\n", "levels: nope\n", "levels: !00 00\n"} {
		_, d := ParseHandbook("handbook.yaml", []byte(src))
		if !d.HasErrors() {
			t.Errorf("%q: no error", src)
			continue
		}
		if s := d[0].String(); !strings.HasPrefix(s, "handbook.yaml:") || d[0].Line == 0 {
			t.Errorf("%q: %s", src, s)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("title: x\nnav:\n  - a.md\n  - S: [b.md]\n")
	f.Add("levels: [{id: L6}]\n")
	f.Fuzz(func(t *testing.T, s string) {
		c, _ := ParseHandbook("handbook.yaml", []byte(s))
		if c == nil || c.ContentDir == "" {
			t.Fatal("no config with defaults")
		}
	})
}
