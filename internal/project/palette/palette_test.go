package palette

import (
	"strings"
	"testing"

	"handbook/internal/project/cfgtree"
)

func TestColour(t *testing.T) {
	for _, c := range []struct {
		name   string
		accent bool
		want   string
		ok     bool
	}{
		{"indigo", false, "#4051b5", true},
		{"Deep Purple", false, "#7e56c2", true},
		{"pink", true, "#f50056", true},
		{"brown", true, "#795649", true}, // no accent of its own: the primary one
		{"chartreuse", false, "", false},
	} {
		got, ok := Colour(c.name, c.accent)
		if got != c.want || ok != c.ok {
			t.Errorf("Colour(%q, %v) = %q, %v; want %q, %v", c.name, c.accent, got, ok, c.want, c.ok)
		}
	}
}

// Read takes the first scheme that names a colour, notes "custom" and
// warns about a name Material does not have, at its node.
func TestRead(t *testing.T) {
	read := func(yml string) (string, string, cfgtree.Reader) {
		t.Helper()
		root, diags := cfgtree.ParseYAML("mkdocs.yml", []byte(yml))
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		r := cfgtree.Reader{Path: "mkdocs.yml"}
		primary, accent := Read(&r, root.Get("palette"))
		return primary, accent, r
	}
	if p, a, r := read("palette:\n  - scheme: default\n  - primary: teal\n    accent: pink\n  - primary: red\n"); p != "#009485" || a != "#f50056" || len(r.Diags) > 0 {
		t.Errorf("list: %q %q %v", p, a, r.Diags)
	}
	if p, a, r := read("palette: {primary: custom}\n"); p != "" || a != "" || len(r.Notes) != 1 {
		t.Errorf("custom: %q %q, notes %v", p, a, r.Notes)
	}
	if _, _, r := read("palette:\n  primary: chartreuse\n"); len(r.Diags) != 1 || !strings.HasPrefix(r.Diags[0].String(), "mkdocs.yml:2:12: warning: theme.palette primary \"chartreuse\"") {
		t.Errorf("unknown colour: %v", r.Diags)
	}
	if _, _, r := read("palette: [red]\n"); len(r.Diags) != 1 || !r.Diags.HasErrors() {
		t.Errorf("a list of names: %v", r.Diags)
	}
	// The schemes before an entry that is not a mapping are read; the
	// error is at that entry, and only when no scheme before it has a colour.
	if _, _, r := read("palette:\n  - scheme: default\n  - red\n  - primary: teal\n"); len(r.Diags) != 1 || !r.Diags.HasErrors() || !strings.HasPrefix(r.Diags[0].String(), "mkdocs.yml:3:5: theme.palette must be a mapping") {
		t.Errorf("a name after a scheme without colours: %v", r.Diags)
	}
	if p, _, r := read("palette:\n  - primary: teal\n  - red\n"); p != "#009485" || len(r.Diags) != 0 {
		t.Errorf("a name after a scheme with a colour: %q %v", p, r.Diags)
	}
}

func TestSchemes(t *testing.T) {
	root, diags := cfgtree.ParseYAML("mkdocs.yml", []byte("one: {primary: red}\nlist: [{primary: red}, {accent: pink}, x, {primary: teal}]\n"))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if s, bad := Schemes(root.Get("one")); len(s) != 1 || bad != nil {
		t.Errorf("one scheme: %d schemes, bad %v", len(s), bad)
	}
	if s, bad := Schemes(root.Get("list")); len(s) != 2 || bad == nil || bad.TextOr("") != "x" {
		t.Errorf("list: %d schemes, bad %v", len(s), bad)
	}
}
