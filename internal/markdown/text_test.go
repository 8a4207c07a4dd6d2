package markdown

import (
	"strings"
	"testing"
)

// TestSectionTextDropsEscapes: search text and headings show what the
// reader sees, without markdown's backslash escapes.
func TestSectionTextDropsEscapes(t *testing.T) {
	src := "# Use \\<img\\> tags\n\nWrite \\<img src\\> and 5 \\* 3, not \\`code\\`.\n"
	res := New(Options{}).Convert([]byte(src), nil)
	var text []string
	for _, s := range res.Sections {
		text = append(text, s.Text)
	}
	all := strings.Join(text, " ")
	if strings.Contains(all, "\\") || !strings.Contains(all, "Write <img src> and 5 * 3, not `code`.") {
		t.Errorf("section text %q", all)
	}
	if h := res.Headings[0]; h.Text != "Use <img> tags" || h.ID != "use-img-tags" {
		t.Errorf("heading %q, id %q", h.Text, h.ID)
	}
}
