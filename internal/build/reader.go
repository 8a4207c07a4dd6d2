package build

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"handbook/internal/cache"
	"handbook/internal/offline"
	"handbook/internal/social"
)

// The reader's generated files: Open Graph cards (social/…png, when the
// site's URL is known, since social sites need an absolute image URL),
// and what keeps the site working offline (sw.js, manifest.webmanifest and
// its icons).

// addSocialCards draws every page's card (the generated level pages too).
func (g *generator) addSocialCards() {
	dir := ""
	if g.opts.CacheDir != "" {
		dir = g.opts.CacheDir + "/social"
	}
	diags := g.model.SocialCards(dir, func(name string, data []byte, key cache.Key) {
		g.put(name, data)
		g.recordKey(name, key)
	})
	g.result.Diags = append(g.result.Diags, diags...)
}

// addOffline writes the web app manifest, its icons and the service worker,
// whose version is a digest of every other file of the build.
func (g *generator) addOffline() {
	var r *social.Renderer // made when an icon is drawn
	theme := social.DefaultTheme
	if accent, ok := social.ParseColor(g.siteData.Accent); ok {
		theme.Accent = accent
	}
	var icons []offline.Icon
	for _, size := range []int{192, 512} {
		name := fmt.Sprintf("assets/icon-%d.png", size)
		key := cache.NewKey().Str("icon", g.cfg.Title).Num(size).Value(theme).Sum()
		if !g.reuse(name, key) {
			b, ok := g.opts.Cache.icon(key)
			if !ok {
				if r == nil {
					var err error
					if r, err = social.New(""); err != nil {
						return
					}
				}
				var err error
				if b, err = r.Icon(size, g.cfg.Title, theme); err != nil {
					continue
				}
				g.opts.Cache.keepIcon(key, b)
			}
			g.put(name, b)
			g.recordKey(name, key)
		}
		icons = append(icons, offline.Icon{Path: name, Sizes: fmt.Sprintf("%dx%d", size, size), Type: "image/png", Purpose: "any maskable"})
	}
	icons = append(icons, offline.Icon{Path: g.theme.Icon, Sizes: "any", Type: "image/svg+xml"})
	g.put("manifest.webmanifest", offline.Manifest(g.cfg.Title, g.cfg.Description, hexColor(theme.Accent), "#ffffff", icons))
	version, names := g.outputDigest()
	names = slices.DeleteFunc(names, func(n string) bool {
		return strings.HasPrefix(n, "social/") || strings.HasPrefix(n, "print/") || path.Base(n) == ".nojekyll"
	})
	g.put("sw.js", offline.ServiceWorker(version, names))
}

// outputDigest is the version and file names of everything the build
// wrote but sw.js: from the files themselves when they are kept in memory
// (an incremental build holds files it did not put again), else from
// the digest of what was put.
func (g *generator) outputDigest() (string, []string) {
	if g.opts.Output != nil {
		return g.digest.Version(), g.digest.Names()
	}
	var last offline.Hashes
	if c := g.opts.Cache; c != nil {
		c.mu.Lock()
		last = c.hashes
		c.mu.Unlock()
	}
	d, next := offline.DigestFiles(g.result.Files, last)
	if c := g.opts.Cache; c != nil {
		c.mu.Lock()
		c.hashes = next
		c.mu.Unlock()
	}
	return d.Version(), d.Names()
}

func hexColor(c interface{ RGBA() (r, g, b, a uint32) }) string {
	r, gr, b, _ := c.RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, gr>>8, b>>8)
}
