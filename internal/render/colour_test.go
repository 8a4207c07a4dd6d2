package render

import "testing"

func TestBadgeColoursAndAccent(t *testing.T) {
	for _, c := range []struct{ in, bg, ink string }{
		{"#1f6feb", "#1f6feb", "#fff"}, {"#ffeb3b", "#ffeb3b", "#000"}, {"#fff", "#fff", "#000"},
		{"rebeccapurple", "", "#fff"}, {"#12345", "", "#fff"},
	} {
		if bg, ink := BadgeColours(c.in); bg != c.bg || ink != c.ink {
			t.Errorf("BadgeColours(%q) = %q, %q; want %q, %q", c.in, bg, ink, c.bg, c.ink)
		}
	}
	// Links in the accent must reach 4.5:1 on white.
	if ReadableAccent("#1f6feb") != "#1f6feb" || ReadableAccent("#ffeb3b") != "" || ReadableAccent("red") != "" {
		t.Error("ReadableAccent keeps a colour that fails contrast, or drops one that passes")
	}
}
