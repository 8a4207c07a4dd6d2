package pathspec

import "testing"

func TestMatchLikeGitignore(t *testing.T) {
	spec, bad := Parse(`
# comment
/tutorials/**/*.md
drafts/
*.tmp
!keep.tmp
/top.md
api/*.md
`)
	if len(bad) > 0 {
		t.Fatalf("bad patterns %q", bad)
	}
	for path, want := range map[string]bool{
		"tutorials/blogs/basic.md": true,
		"tutorials/index.md":       true, // ** matches no folder too
		"x/tutorials/a.md":         false,
		"drafts/a.md":              true,
		"deep/drafts/b/c.md":       true,
		"drafts.md":                false,
		"a.tmp":                    true,
		"deep/b.tmp":               true,
		"keep.tmp":                 false,
		"deep/keep.tmp":            false,
		"top.md":                   true,
		"sub/top.md":               false,
		"api/x.md":                 true,
		"sub/api/x.md":             false,
		"api/deeper/x.md":          false,
		"index.md":                 false,
	} {
		if got := spec.Match(path); got != want {
			t.Errorf("Match(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestEmptyAndBad(t *testing.T) {
	if s, _ := Parse("\n# only a comment\n"); !s.Empty() || s.Match("a.md") {
		t.Error("a spec without patterns matches nothing")
	}
	if _, bad := Parse("[unclosed\nok.md\n"); len(bad) != 1 || bad[0] != "[unclosed" {
		t.Errorf("bad = %q", bad)
	}
}
