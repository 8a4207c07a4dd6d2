// Package social draws a page's Open Graph image ("social card"): a
// 1200×630 PNG with the site's title, the page's title and its level
// badges, in the theme's colours, with the Go fonts (bundled in
// golang.org/x/image, BSD-licensed), so a build needs no font installed
// and draws the same pixels everywhere. Cards are cached on disk by their
// content, like highlighted code.
package social

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Width and Height are the size Open Graph and Twitter recommend.
const Width, Height = 1200, 630

// version changes whenever the drawing changes, so cached cards are redrawn.
const version = "1"

// Card is what a page's image shows.
type Card struct {
	Site   string  // the site's title, at the top
	Title  string  // the page's title, large
	Levels []Badge // level badges, at the bottom
	Theme  Theme
}

// Badge is a level pill: its text, fill and text colour.
type Badge struct {
	Text      string
	Fill, Ink color.RGBA
}

// Theme holds the card's colours.
type Theme struct {
	Background, Foreground, Accent, Muted color.RGBA
}

// DefaultTheme is the default theme's light palette.
var DefaultTheme = Theme{
	Background: color.RGBA{0xff, 0xff, 0xff, 0xff},
	Foreground: color.RGBA{0x1f, 0x23, 0x28, 0xff},
	Accent:     color.RGBA{0x0b, 0x5c, 0xad, 0xff},
	Muted:      color.RGBA{0x57, 0x60, 0x6a, 0xff},
}

// Alt is the text alternative of a card, for og:image:alt.
func (c Card) Alt() string {
	alt := c.Title + " — " + c.Site
	if len(c.Levels) > 0 {
		var ids []string
		for _, b := range c.Levels {
			ids = append(ids, b.Text)
		}
		alt += " (" + strings.Join(ids, ", ") + ")"
	}
	return alt
}

// Renderer draws cards, reading and writing its cache folder ("" for none).
type Renderer struct {
	dir          string
	regular, bld *opentype.Font // faces made from them are used by one draw at a time
}

// New returns a Renderer caching cards in dir ("" caches nothing).
func New(dir string) (*Renderer, error) {
	regular, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, err
	}
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return nil, err
	}
	return &Renderer{dir: dir, regular: regular, bld: bold}, nil
}

// Key is the cache key of a card: equal keys draw equal images.
func (c Card) Key() string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%v\x00", version, c.Site, c.Title, c.Theme)
	for _, b := range c.Levels {
		fmt.Fprintf(h, "%s\x00%v\x00%v\x00", b.Text, b.Fill, b.Ink)
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// PNG returns the card's image, from the cache when it holds it.
func (r *Renderer) PNG(c Card) ([]byte, error) {
	key := c.Key()
	var cached string
	if r.dir != "" {
		cached = filepath.Join(r.dir, key[:2], key+".png")
		if b, err := os.ReadFile(cached); err == nil {
			return b, nil
		}
	}
	b, err := r.draw(c)
	if err != nil || cached == "" {
		return b, err
	}
	if err := os.MkdirAll(filepath.Dir(cached), 0o755); err == nil {
		tmp := cached + ".tmp" + key[:6]
		if os.WriteFile(tmp, b, 0o644) == nil {
			_ = os.Rename(tmp, cached)
		}
	}
	return b, nil
}

func (r *Renderer) face(bold bool, size float64) (font.Face, error) {
	f := r.regular
	if bold {
		f = r.bld
	}
	return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
}

const margin = 80

func (r *Renderer) draw(c Card) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, Width, Height))
	draw.Draw(img, img.Bounds(), image.NewUniform(c.Theme.Background), image.Point{}, draw.Src)
	// An accent band at the top and a rule under the site title.
	fill(img, image.Rect(0, 0, Width, 16), c.Theme.Accent)
	site, err := r.face(true, 36)
	if err != nil {
		return nil, err
	}
	defer site.Close()
	text(img, site, c.Theme.Accent, margin, 110, ellipsize(site, c.Site, Width-2*margin))
	fill(img, image.Rect(margin, 140, margin+120, 146), c.Theme.Accent)

	// The title: as large as fits in four lines.
	var lines []string
	var title font.Face
	for _, size := range []float64{76, 64, 54, 46} {
		f, err := r.face(true, size)
		if err != nil {
			return nil, err
		}
		lines = wrap(f, c.Title, Width-2*margin)
		if len(lines) <= 3 || size == 46 {
			title = f
			break
		}
		f.Close()
	}
	defer title.Close()
	if len(lines) > 4 {
		lines = append(lines[:3], ellipsize(title, strings.Join(lines[3:], " "), Width-2*margin))
	}
	lineHeight := title.Metrics().Height.Ceil() + 8
	y := 230 + title.Metrics().Ascent.Ceil()
	for _, l := range lines {
		text(img, title, c.Theme.Foreground, margin, y, l)
		y += lineHeight
	}

	if len(c.Levels) > 0 {
		badge, err := r.face(true, 30)
		if err != nil {
			return nil, err
		}
		defer badge.Close()
		x := margin
		for _, b := range c.Levels {
			w := font.MeasureString(badge, b.Text).Ceil() + 48
			pill(img, image.Rect(x, Height-margin-56, x+w, Height-margin), b.Fill)
			text(img, badge, b.Ink, x+24, Height-margin-17, b.Text)
			x += w + 16
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func fill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Src)
}

// pill fills r with rounded ends.
func pill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	rad := r.Dy() / 2
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cx := x
			if x < r.Min.X+rad {
				cx = r.Min.X + rad
			} else if x >= r.Max.X-rad {
				cx = r.Max.X - rad - 1
			}
			dx, dy := x-cx, y-(r.Min.Y+rad)
			if dx*dx+dy*dy <= rad*rad {
				img.SetRGBA(x, y, c)
			}
		}
	}
}

func text(img *image.RGBA, f font.Face, c color.RGBA, x, y int, s string) {
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: f, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

// wrap breaks s into lines no wider than width, at spaces (a word wider
// than a line is cut).
func wrap(f font.Face, s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		try := w
		if line != "" {
			try = line + " " + w
		}
		if font.MeasureString(f, try).Ceil() <= width {
			line = try
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = ellipsize(f, w, width)
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// ellipsize shortens s with "…" until it fits width.
func ellipsize(f font.Face, s string, width int) string {
	if font.MeasureString(f, s).Ceil() <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && font.MeasureString(f, string(r)+"…").Ceil() > width {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "…"
}

// ParseColor reads #rgb or #rrggbb.
func ParseColor(s string) (color.RGBA, bool) {
	var r, g, b uint8
	switch len(s) {
	case 7:
		if _, err := fmt.Sscanf(s, "#%02x%02x%02x", &r, &g, &b); err != nil {
			return color.RGBA{}, false
		}
	case 4:
		if _, err := fmt.Sscanf(s, "#%1x%1x%1x", &r, &g, &b); err != nil {
			return color.RGBA{}, false
		}
		r, g, b = r*17, g*17, b*17
	default:
		return color.RGBA{}, false
	}
	return color.RGBA{r, g, b, 0xff}, true
}

// Icon draws a square app icon of the given size: the site title's first
// letter on the accent colour, with room around it for masking.
func (r *Renderer) Icon(size int, title string, theme Theme) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	fill(img, img.Bounds(), theme.Accent)
	letter := "H"
	for _, ch := range title {
		if ch > ' ' {
			letter = strings.ToUpper(string(ch))
			break
		}
	}
	f, err := r.face(true, float64(size)*0.5)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	w := font.MeasureString(f, letter).Ceil()
	m := f.Metrics()
	text(img, f, theme.Background, (size-w)/2, (size+m.CapHeight.Ceil())/2, letter)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
