package render

import (
	"math"
	"testing"
)

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

// A brand colour that fails contrast is adjusted until it passes, keeping
// its hue: darker on a light background, lighter on a dark one.
func TestReadableKeepsHue(t *testing.T) {
	for _, c := range []struct{ colour, bg string }{
		{"#ffec3d", "#ffffff"}, {"#02a6f2", "#ffffff"}, {"#4cae4f", "#ffffff"}, {"#cbdc38", "#ffffff"},
		{"#4051b5", "#1e2129"}, {"#000000", "#1e2129"}, {"#e92063", "#1e2129"}, {"#ff6e42", "#fff"},
	} {
		got := Readable(c.colour, c.bg)
		fg, _ := luminance(got)
		bg, _ := luminance(c.bg)
		if contrast(fg, bg) < 4.5 {
			t.Errorf("Readable(%s on %s) = %s: contrast %.2f", c.colour, c.bg, got, contrast(fg, bg))
		}
		r0, g0, b0, _ := parseHex(c.colour)
		r1, g1, b1, _ := parseHex(got)
		h0, s0, _ := toHSL(r0, g0, b0)
		h1, _, _ := toHSL(r1, g1, b1)
		if d := math.Abs(h0 - h1); s0 > 0.05 && math.Min(d, 360-d) > 4 {
			t.Errorf("Readable(%s on %s) = %s: hue %.0f became %.0f", c.colour, c.bg, got, h0, h1)
		}
	}
	if got := Readable("#1f6feb", "#ffffff"); got != "#1f6feb" {
		t.Errorf("a colour that passes is changed: %s", got)
	}
	if Readable("red", "#fff") != "" {
		t.Error("a colour name is not read (only #rgb and #rrggbb)")
	}
}
