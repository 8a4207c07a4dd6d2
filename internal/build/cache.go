package build

import (
	"handbook/internal/buildstate"
	"handbook/internal/cache"
	"handbook/internal/project"
	"handbook/internal/render"
)

// Cache carries work from one build of a site to the next, for serve (see
// buildstate.Cache), and the last build itself, from which an incremental
// one starts.
type Cache struct {
	buildstate.Cache
	last *snapshot // the last successful build, for an incremental one
}

// state is what the Cache keeps (nil without a Cache: nothing is kept).
func (c *Cache) state() *buildstate.Cache {
	if c == nil {
		return nil
	}
	return &c.Cache
}

// Stats of cache use in one build.
type CacheStats struct {
	Converted, ConvReused, Rendered, RenderReused int
	// Incremental: the build started from the last one and redid only the
	// changed pages and what shows them; Edit: from the state the last one
	// saved on disk (see editPlan).
	Incremental, Edit bool
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
