package build

import (
	"path"
	"slices"
	"strings"

	"handbook/internal/cache"
	"handbook/internal/offline"
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
	app := offline.App{Title: g.cfg.Title, Description: g.cfg.Description, Accent: g.siteData.Accent, SVGIcon: g.theme.Icon}
	err := app.Files(g.opts.Cache.state().DrawnIcons(), g.reuse, func(name string, data []byte, key cache.Key) {
		g.put(name, data)
		if key != (cache.Key{}) {
			g.recordKey(name, key)
		}
	})
	if err != nil {
		return
	}
	version, names := g.outputDigest()
	names = slices.DeleteFunc(names, func(n string) bool {
		return strings.HasPrefix(n, "social/") || strings.HasPrefix(n, "print/") || path.Base(n) == ".nojekyll"
	})
	g.put("sw.js", offline.ServiceWorker(version, names))
}

// outputDigest is the version and file names (in no order) of everything
// the build wrote but sw.js: from the files themselves when they are kept
// in memory (an incremental build holds files it did not put again), else
// from the digest of what was put.
func (g *generator) outputDigest() (string, []string) {
	if g.opts.Output != nil {
		return g.outputVersion(), g.digest.Files()
	}
	d := g.opts.Cache.state().Digest(g.result.Files)
	return d.Version(), d.Files()
}

// outputVersion is the version of what the build put and kept: for an
// edit, worked out from the last build's (in its sw.js) and the files the
// output folder lists, so that only the files made again and those gone
// are hashed, and the files kept are not looked at.
func (g *generator) outputVersion() string {
	if l, ok := g.opts.Output.(listedOutput); ok && g.edit != nil {
		if last, ok := offline.WorkerVersion(l.Previous("sw.js")); ok {
			n, unbuilt := l.Unbuilt()
			files := offline.Listing{Files: n - 1, Hash: l.ListedHash, // (sw.js is listed: Previous read it)
				Unbuilt: func(yield func(name, hash string) bool) {
					for name, hash := range unbuilt {
						if name != "sw.js" && !yield(name, hash) {
							return
						}
					}
				}}
			if v, ok := g.digest.VersionSince(last, files); ok {
				return v
			}
		}
	}
	return g.digest.Version()
}
