package cfgtree

import (
	"reflect"
	"testing"

	"github.com/goccy/go-yaml"
)

// QuoteYAML's output reads back as the same string, as a block value and
// as an item of a flow sequence.
func TestQuoteYAMLRoundTrips(t *testing.T) {
	for _, s := range []string{"L6 Hiring Bar", "Café, l'été", "No", "null", "~", "1e5", "12", "a: b", "- item", "[x]", "x #y",
		"'quoted'", "tab\there", "é", "a,b", "{x}", "&anchor", "*alias", "Q&A (draft)!", "/path/x.md", "trailing "} {
		for _, doc := range []string{"v: " + QuoteYAML(s) + "\n", "v: [" + QuoteYAML(s) + "]\n"} {
			var got map[string]any
			if err := yaml.Unmarshal([]byte(doc), &got); err != nil {
				t.Errorf("%q written as %q: %v", s, doc, err)
				continue
			}
			v := got["v"]
			if list, ok := v.([]any); ok && len(list) == 1 {
				v = list[0]
			}
			if v != s {
				t.Errorf("%q written as %q reads back as %#v", s, doc, v)
			}
		}
	}
}

func TestTextsAndPythonName(t *testing.T) {
	root, diags := ParseYAML("mkdocs.yml", []byte("features: [a, b, {c: d}]\none: x\nslug: !!python/name:pymdownx.slugs.slugify\n"))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if got := root.Get("features").Texts(); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("Texts of a list = %q", got)
	}
	if got := root.Get("one").Texts(); !reflect.DeepEqual(got, []string{"x"}) {
		t.Errorf("Texts of a scalar = %q", got)
	}
	if got := root.Get("absent").Texts(); got != nil {
		t.Errorf("Texts of nothing = %q", got)
	}
	if got := root.Get("slug").PythonName(); got != "pymdownx.slugs.slugify" {
		t.Errorf("PythonName = %q", got)
	}
	if got := root.Get("one").PythonName(); got != "x" {
		t.Errorf("PythonName of plain text = %q", got)
	}
}
