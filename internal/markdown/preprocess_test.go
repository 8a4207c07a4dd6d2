package markdown

import (
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/markdown/critic"
	"handbook/internal/markdown/snippets"
)

type lineLinker struct{ lines map[string]int }

func (l *lineLinker) Rewrite(dest string, _ LinkKind, line, _ int) string {
	l.lines[dest] = line
	return dest
}

// TestSnippetsInConversion: included files are reported, and links,
// headings and problems carry page lines (a snippet's, the including line).
func TestSnippetsInConversion(t *testing.T) {
	c := New(Options{
		Snippets: &snippets.Options{BasePaths: []string{"testdata/snips"}},
		Critic:   &critic.Options{},
	})
	src := "# Page\n\n--8<-- \"part.md\"\n\n{++added\n\nlines++}\n\n[after](after.md)\n\n--8<-- \"../../x.md\"\n"
	l := &lineLinker{lines: map[string]int{}}
	res := c.Convert([]byte(src), l)
	abs, _ := filepath.Abs("testdata/snips/part.md")
	if len(res.Included) != 1 || res.Included[0] != abs {
		t.Errorf("Included = %v", res.Included)
	}
	if l.lines["inside.md"] != 3 || l.lines["after.md"] != 9 {
		t.Errorf("link lines %v, want inside.md on 3 and after.md on 9", l.lines)
	}
	for _, lk := range res.Links {
		if lk.Dest == "after.md" && lk.Line != 9 {
			t.Errorf("Links: after.md on line %d", lk.Line)
		}
	}
	if len(res.Headings) != 2 || res.Headings[1].Line != 3 || res.Headings[1].ID != "snippet-heading" {
		t.Errorf("headings %+v", res.Headings)
	}
	if len(res.Diags) != 1 || res.Diags[0].Line != 11 || !strings.Contains(res.Diags[0].Message, "outside the base paths") {
		t.Errorf("diags %v", res.Diags)
	}
	if !strings.Contains(string(res.HTML), `<ins class="critic">added`) {
		t.Errorf("critic not applied:\n%s", res.HTML)
	}
}
