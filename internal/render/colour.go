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

// luminance is the WCAG relative luminance of a #rgb or #rrggbb colour.
func luminance(colour string) (float64, bool) {
	var r, g, b int
	switch len(colour) {
	case 7:
		if _, err := fmt.Sscanf(colour, "#%02x%02x%02x", &r, &g, &b); err != nil {
			return 0, false
		}
	case 4:
		if _, err := fmt.Sscanf(colour, "#%1x%1x%1x", &r, &g, &b); err != nil {
			return 0, false
		}
		r, g, b = r*17, g*17, b*17
	default:
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
