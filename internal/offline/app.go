package offline

import (
	"fmt"
	"sync"

	"handbook/internal/cache"
	"handbook/internal/social"
)

// App is the web app a site installs as: its manifest and icons.
type App struct {
	Title, Description string
	Accent             string // the theme's accent colour (see social.ParseColor); "" for the default
	SVGIcon            string // the theme's icon, which the manifest lists too
}

// Drawn keeps the app icons drawn by earlier builds, by key (serve's
// builds draw them once). It is safe for concurrent use; nil keeps none.
type Drawn struct {
	mu sync.Mutex
	m  map[cache.Key][]byte
}

func (d *Drawn) get(key cache.Key) ([]byte, bool) {
	if d == nil {
		return nil, false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	b, ok := d.m[key]
	return b, ok
}

func (d *Drawn) keep(key cache.Key, b []byte) {
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.m == nil {
		d.m = map[cache.Key][]byte{}
	}
	d.m[key] = b
}

// Files makes the app's PNG icons and its manifest. An icon that kept
// says the output holds already (made from the same key) is not made
// again, one in drawn is not drawn again; put receives each file made,
// with the key of what it is made from (none for the manifest). It fails
// when no icon can be drawn at all (and then puts nothing more).
func (a App) Files(drawn *Drawn, kept func(name string, key cache.Key) bool, put func(name string, data []byte, key cache.Key)) error {
	var r *social.Renderer // made when an icon is drawn
	theme := social.DefaultTheme
	if accent, ok := social.ParseColor(a.Accent); ok {
		theme.Accent = accent
	}
	var icons []Icon
	for _, size := range []int{192, 512} {
		name := fmt.Sprintf("assets/icon-%d.png", size)
		key := cache.NewKey().Str("icon", a.Title).Num(size).Value(theme).Sum()
		if !kept(name, key) {
			b, ok := drawn.get(key)
			if !ok {
				if r == nil {
					var err error
					if r, err = social.New(""); err != nil {
						return err
					}
				}
				var err error
				if b, err = r.Icon(size, a.Title, theme); err != nil {
					continue
				}
				drawn.keep(key, b)
			}
			put(name, b, key)
		}
		icons = append(icons, Icon{Path: name, Sizes: fmt.Sprintf("%dx%d", size, size), Type: "image/png", Purpose: "any maskable"})
	}
	icons = append(icons, Icon{Path: a.SVGIcon, Sizes: "any", Type: "image/svg+xml"})
	put("manifest.webmanifest", Manifest(a.Title, a.Description, hexColor(theme.Accent), "#ffffff", icons), cache.Key{})
	return nil
}

func hexColor(c interface{ RGBA() (r, g, b, a uint32) }) string {
	r, gr, b, _ := c.RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, gr>>8, b>>8)
}
