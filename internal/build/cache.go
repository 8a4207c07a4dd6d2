package build

import (
	"maps"
	"os"
	"slices"
	"strings"
	"sync"

	"handbook/internal/cache"
	"handbook/internal/markdown/icons"

	"handbook/internal/markdown"
	"handbook/internal/mdconfig"
	"handbook/internal/pages"
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

	conv    cache.Store[convEntry] // by page source path
	renders cache.Store[[]byte]    // by output path

	mu     sync.Mutex
	search searchEntry
	last   *snapshot // the last successful build, for an incremental one

	// structure is the structureKey of the last build's site.
	structure string

	// hashes are the content hashes of the last build's files, for the
	// service worker's version (see outputDigest).
	hashes map[string]hashedFile
	// icons are the app icons drawn, by key (serve's builds draw them once).
	icons map[cache.Key][]byte

	// disk is set for a Cache read from and saved to disk between builds
	// (the CLI's, see state.go): what it holds then comes from the last
	// build into the same output folder.
	disk *diskState
}

// convEntry is a page's conversion. It is still right when the page's
// text and the settings (its key) are the same and each link resolves as
// it did (refs, Out) and each snippet file it includes has the same content.
type convEntry struct {
	res  *markdown.Result
	refs []site.LinkRef // Target pointers refer to the build that stored them
	deps []fileDep      // the snippets it read: reused only while they are the same
	// html: res.HTML is there; text: its sections' text and code are (a
	// conversion kept on disk may leave them out, to be made again when
	// needed: see pageWork.htmlOf and generator.withText).
	html, text bool
	// tagsMarker: the HTML holds the tags listing's marker.
	tagsMarker bool
	// raw is the entry as the state on disk holds it, when read from there.
	raw []byte
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
func (c *Cache) convStore() *cache.Store[convEntry] {
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

// structureKey covers what link resolution depends on beyond the page and
// the link: which pages (and their URLs), files and folders exist, and the
// URLs the build generates.
func structureKey(s *site.Site, generated map[string]bool) string {
	k := cache.NewKey()
	for _, p := range s.Pages {
		k.Str("p", p.Src, p.URL)
	}
	for _, a := range s.Assets {
		k.Str("a", a.Src)
	}
	k.Str(s.Dirs()...)
	for _, u := range slices.Sorted(maps.Keys(generated)) {
		k.Str("g", u)
	}
	sum := k.Sum()
	return string(sum[:])
}

// settingsKey covers what a page's conversion depends on beyond its own
// text and the answers of its links (checked one by one, see linksHold):
// the config files (the dialect's settings come from them), the icon
// library (shortcodes), the levels and the heading options.
func settingsKey(cfg *project.Config, generated map[string]bool, lib *icons.Library) string {
	k := cache.NewKey().Str(lib.Fingerprint())
	for _, f := range cfg.Files {
		b, err := os.ReadFile(f)
		if err != nil {
			b = nil
		}
		k.Str(f).Bytes(b)
	}
	for _, id := range cfg.LevelIDs() {
		k.Str("l", id)
	}
	for _, u := range slices.Sorted(maps.Keys(generated)) {
		k.Str("g", u)
	}
	k.Str(boolStr(inferOn(cfg)), boolStr(*cfg.TOC.Permalink), cfg.TOC.PermalinkSymbol, boolStr(cfg.Untrusted()))
	k.Str(mdconfig.Key(cfg)) // the dialect: markdown_extensions and their options
	sum := k.Sum()
	return string(sum[:])
}

func boolStr(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func convKey(settings string, p *site.Page) cache.Key {
	return cache.NewKey().Str(settings, p.Src).Num(p.BodyLine).Bytes(p.BodyHash[:]).Sum()
}

// convID identifies what a page's conversion made: its key and where its
// links went (a link's target may move while the page stays the same).
func convID(key cache.Key, refs []site.LinkRef) cache.Key {
	k := cache.NewKey().Bytes(key[:])
	for _, r := range refs {
		k.Str(r.Out)
	}
	return k.Sum()
}

// linksHold reports whether each of a cached conversion's links resolves
// now as it did then.
func linksHold(l *site.Linker, refs []site.LinkRef) bool {
	for _, r := range refs {
		now := l.Resolve(r.Dest, r.Kind)
		if now.Out != r.Out || now.Fragment != r.Fragment || now.Problem != r.Problem || now.External != r.External ||
			(now.Target == nil) != (r.Target == nil) || now.Target != nil && now.Target.Src != r.Target.Src {
			return false
		}
	}
	return true
}

// remapRefs points cached link references at this build's pages.
func remapRefs(refs []site.LinkRef, s *site.Site) []site.LinkRef {
	out := make([]site.LinkRef, len(refs))
	copy(out, refs)
	for i := range out {
		if out[i].Target != nil {
			out[i].Target = s.Page(out[i].Target.Src)
		}
	}
	return out
}

// renderKey covers everything a page's HTML is made of: its conversion,
// its nav, and every other field of its page data.
func renderKey(conv cache.Key, themeKey, nav string, d *render.PageData) cache.Key {
	k := cache.NewKey().Bytes(conv[:]).Str(themeKey, nav)
	k.Str(d.Kind, d.Title, d.TitleID, d.Description, d.Root, d.EditURL, d.ViewURL, d.LastUpdated, d.Canonical)
	k.Num(boolInt(d.IsHome), boolInt(d.HasH1), boolInt(d.HideNavigation), boolInt(d.HideTags))
	k.Str(d.Levels...)
	k.Num(len(d.Tags))
	for _, l := range d.Tags {
		k.Str(l.Title, l.URL)
	}
	k.Str(d.Added)
	if m := d.Post; m != nil {
		k.Str(m.Date, m.Updated).Num(m.ReadTime, len(m.Authors), len(m.Categories))
		for _, a := range m.Authors {
			k.Str(a.Name, a.Description, a.Avatar, a.URL)
		}
		for _, c := range m.Categories {
			k.Str(c.Title, c.URL)
		}
	}
	k.Num(len(d.Breadcrumbs))
	for _, l := range d.Breadcrumbs {
		k.Str(l.Title, l.URL)
	}
	for _, l := range []*render.Link{d.Prev, d.Next} {
		if l == nil {
			k.Str("-")
			continue
		}
		k.Str(l.Title, l.URL).Str(l.Levels...)
	}
	k.Num(len(d.Backlinks))
	for _, l := range d.Backlinks {
		k.Str(l.Title, l.URL).Str(l.Levels...)
	}
	if d.Social != nil {
		k.Str(d.Social.URL, d.Social.Alt)
	}
	pages.DrillKey(k, d.Drill)
	return k.Sum()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
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
func searchKey(work []*pageWork, a analyze.Config) cache.Key {
	k := cache.NewKey().Str(a.Separator).Str(a.Lang...).Str("|")
	for _, w := range work {
		k.Bytes(w.convID[:]).Str(w.page.Title, w.page.URL).Str(w.page.Levels...).Str("|")
	}
	return k.Sum()
}

// navFingerprint hashes everything the nav renders from: every node's
// title, link, page URL, levels and place in the tree.
func navFingerprint(root *site.NavNode) string {
	k := cache.NewKey()
	var walk func(n *site.NavNode)
	walk = func(n *site.NavNode) {
		k.Num(len(n.Children))
		for _, c := range n.Children {
			url := ""
			if c.Page != nil {
				url = "p:" + c.Page.URL
			}
			k.Str(c.Title, c.URL, url).Str(c.Levels()...).Str("|")
			walk(c)
		}
	}
	walk(root)
	sum := k.Sum()
	return string(sum[:])
}

// navPlace identifies a page's place in the nav: the path of nodes from
// the root down to it ("" when it is not in the nav).
func navPlace(n *site.NavNode) string {
	var parts []string
	for ; n != nil; n = n.Parent {
		parts = append(parts, n.Title)
		if n.Page != nil {
			parts = append(parts, n.Page.URL)
		}
		parts = append(parts, "\x00")
	}
	return strings.Join(parts, "\x01")
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
