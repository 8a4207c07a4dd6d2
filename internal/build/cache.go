package build

import (
	"sync"

	"handbook/internal/buildstate"
	"handbook/internal/cache"
	"handbook/internal/convert"
	"handbook/internal/offline"

	"handbook/internal/project"
	"handbook/internal/render"
	"handbook/internal/search/analyze"
	"handbook/internal/site"
)

// Cache carries work from one build of a site to the next, for serve: pages
// whose file did not change are not read again, pages whose conversion
// inputs did not change are not converted again, and pages whose every
// rendered input is the same are not rendered again. Every reuse is keyed
// by a hash of all the inputs of that step (see package cache), so a
// cached build writes the same bytes as a clean one (tested).
type Cache struct {
	Load site.LoadCache

	conv    cache.Store[buildstate.Conversion] // by page source path
	renders cache.Store[[]byte]                // by output path

	mu     sync.Mutex
	search searchEntry
	last   *snapshot // the last successful build, for an incremental one

	// structure is the buildstate.StructureKey of the last build's site.
	structure string

	// hashes are the content hashes of the last build's files, for the
	// service worker's version (see outputDigest).
	hashes offline.Hashes
	// icons are the app icons drawn, by key (serve's builds draw them once).
	icons map[cache.Key][]byte

	// disk is set for a Cache read from and saved to disk between builds
	// (the CLI's, see state.go): what it holds then comes from the last
	// build into the same output folder.
	disk *diskState
}

// searchEntry is the last search index built; serve may publish it while
// a newer one is built (Options.DeferSearch), so it is kept with its key
// rather than looked up by it.
type searchEntry struct {
	key   cache.Key
	files map[string][]byte
}

// Stats of cache use in one build.
type CacheStats struct {
	Converted, ConvReused, Rendered, RenderReused int
	// Incremental: the build started from the last one and redid only the
	// changed pages and what shows them.
	Incremental bool
}

// convStore and renderStore are nil without a Cache (nothing is kept).
func (c *Cache) convStore() *cache.Store[buildstate.Conversion] {
	if c == nil {
		return nil
	}
	return &c.conv
}

func (c *Cache) renderStore() *cache.Store[[]byte] {
	if c == nil {
		return nil
	}
	return &c.renders
}

// renderKey covers everything a page's HTML is made of: its conversion,
// the theme and site data, its nav, and every other field of its page data.
func renderKey(conv cache.Key, themeKey, nav string, d *render.PageData) cache.Key {
	k := cache.NewKey().Bytes(conv[:]).Str(themeKey, nav)
	d.WriteKey(k)
	return k.Sum()
}

// siteKey covers the theme and the site-wide data every page shows.
func siteKey(th *render.Theme, d render.SiteData, cfg *project.Config) string {
	k := cache.NewKey().Str(th.Key)
	d.WriteKey(k)
	k.Num(cfg.TOC.Depth)
	sum := k.Sum()
	return string(sum[:])
}

// searchKey covers every search document without hashing their text: the
// documents are made from each page's conversion (its key covers the text),
// title, URL and levels.
func searchKey(work []*convert.Page, a analyze.Config) cache.Key {
	k := cache.NewKey().Str(a.Separator).Str(a.Lang...).Str("|")
	for _, w := range work {
		k.Bytes(w.ID[:]).Str(w.Page.Title, w.Page.URL).Str(w.Page.Levels...).Str("|")
	}
	return k.Sum()
}

// icon is an app icon drawn by an earlier build (none without a Cache).
func (c *Cache) icon(key cache.Key) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.icons[key]
	return b, ok
}

// keepIcon keeps an app icon for the next builds.
func (c *Cache) keepIcon(key cache.Key, b []byte) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.icons == nil {
		c.icons = map[cache.Key][]byte{}
	}
	c.icons[key] = b
}
