package render

import (
	"fmt"
	"math"
)

// BadgeColours is a level badge's background and text colours: colour
// (#rgb or #rrggbb) with the ink that reads best on it, or "" (the
// theme's default) for anything else.
func BadgeColours(colour string) (background, ink string) {
	lum, ok := luminance(colour)
	if !ok {
		return "", "#fff"
	}
	if 1.05/(lum+0.05) < (lum+0.05)/0.05 {
		return colour, "#000" // black reads better on a light colour
	}
	return colour, "#fff"
}

// ReadableAccent returns colour (#rgb or #rrggbb) when links in it stay
// readable on the light theme's white (WCAG AA, 4.5:1), else "".
func ReadableAccent(colour string) string {
	l, ok := luminance(colour)
	if !ok || 1.05/(l+0.05) < 4.5 {
		return ""
	}
	return colour
}

// Readable returns colour (#rgb or #rrggbb) adjusted to be readable on
// background (WCAG AA, 4.5:1): its lightness moves towards black on a
// light background, towards white on a dark one, keeping its hue and
// saturation, as little as it must. A colour that already passes is
// returned as it is; "" when either is not a colour.
func Readable(colour, background string) string {
	fg, ok1 := luminance(colour)
	bg, ok2 := luminance(background)
	if !ok1 || !ok2 {
		return ""
	}
	if contrast(fg, bg) >= 4.5 {
		return colour
	}
	r, g, b, _ := parseHex(colour)
	h, s, l := toHSL(r, g, b)
	darken := bg > 0.18 // a light background wants a darker colour
	lo, hi := 0.0, l    // search the lightness between l and the end it moves to
	if !darken {
		lo, hi = l, 1.0
	}
	for range 30 {
		mid := (lo + hi) / 2
		lum, _ := luminance(hexOf(fromHSL(h, s, mid)))
		passes := contrast(lum, bg) >= 4.5
		if darken == passes {
			lo = mid // passes while darkening: try lighter; fails while lightening: go lighter
		} else {
			hi = mid
		}
	}
	if darken {
		return hexOf(fromHSL(h, s, lo))
	}
	return hexOf(fromHSL(h, s, hi))
}

func contrast(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	return (a + 0.05) / (b + 0.05)
}

func parseHex(colour string) (r, g, b int, ok bool) {
	switch len(colour) {
	case 7:
		_, err := fmt.Sscanf(colour, "#%02x%02x%02x", &r, &g, &b)
		return r, g, b, err == nil
	case 4:
		_, err := fmt.Sscanf(colour, "#%1x%1x%1x", &r, &g, &b)
		return r * 17, g * 17, b * 17, err == nil
	}
	return 0, 0, 0, false
}

func hexOf(r, g, b int) string { return fmt.Sprintf("#%02x%02x%02x", r, g, b) }

func toHSL(r, g, b int) (h, s, l float64) {
	rf, gf, bf := float64(r)/255, float64(g)/255, float64(b)/255
	mx, mn := math.Max(rf, math.Max(gf, bf)), math.Min(rf, math.Min(gf, bf))
	l = (mx + mn) / 2
	if mx == mn {
		return 0, 0, l
	}
	d := mx - mn
	if l > 0.5 {
		s = d / (2 - mx - mn)
	} else {
		s = d / (mx + mn)
	}
	switch mx {
	case rf:
		h = math.Mod((gf-bf)/d+6, 6)
	case gf:
		h = (bf-rf)/d + 2
	default:
		h = (rf-gf)/d + 4
	}
	return h * 60, s, l
}

func fromHSL(h, s, l float64) (r, g, b int) {
	c := (1 - math.Abs(2*l-1)) * s
	x := c * (1 - math.Abs(math.Mod(h/60, 2)-1))
	m := l - c/2
	var rf, gf, bf float64
	switch {
	case h < 60:
		rf, gf = c, x
	case h < 120:
		rf, gf = x, c
	case h < 180:
		gf, bf = c, x
	case h < 240:
		gf, bf = x, c
	case h < 300:
		rf, bf = x, c
	default:
		rf, bf = c, x
	}
	to := func(v float64) int { return int(math.Round((v + m) * 255)) }
	return to(rf), to(gf), to(bf)
}

// luminance is the WCAG relative luminance of a #rgb or #rrggbb colour.
func luminance(colour string) (float64, bool) {
	r, g, b, ok := parseHex(colour)
	if !ok {
		return 0, false
	}
	lin := func(c int) float64 {
		v := float64(c) / 255
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b), true
}
