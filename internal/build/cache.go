package build

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"maps"
	"slices"
	"strings"
	"sync"

	"handbook/internal/markdown"
	"handbook/internal/project"
	"handbook/internal/render"
	"handbook/internal/site"
)

// Cache carries work from one build of a site to the next, for serve: pages
// whose file did not change are not read again, pages whose conversion
// inputs did not change are not converted again, and pages whose every
// rendered input is the same are not rendered again. Every reuse is keyed
// by a hash of all the inputs of that step, so a cached build writes the
// same bytes as a clean one (tested).
type Cache struct {
	Load site.LoadCache

	mu      sync.Mutex
	conv    map[string]convEntry   // page source path → conversion
	renders map[string]renderEntry // output path → rendered page
	search  searchEntry
	last    *snapshot // the last successful build, for an incremental one
}

type convEntry struct {
	key  [32]byte
	res  *markdown.Result
	refs []site.LinkRef // Target pointers refer to the build that stored them
}

type renderEntry struct {
	key  [32]byte
	html []byte
}

type searchEntry struct {
	key   [32]byte
	files map[string][]byte
}

// Stats of cache use in one build.
type CacheStats struct {
	Converted, ConvReused, Rendered, RenderReused int
	// Incremental: the build started from the last one and redid only the
	// changed pages and what shows them.
	Incremental bool
}

func (c *Cache) conversion(src string, key [32]byte) (convEntry, bool) {
	if c == nil {
		return convEntry{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.conv[src]
	return e, ok && e.key == key
}

func (c *Cache) storeConversion(src string, e convEntry) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conv == nil {
		c.conv = map[string]convEntry{}
	}
	c.conv[src] = e
}

func (c *Cache) rendered(out string, key [32]byte) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.renders[out]
	return e.html, ok && e.key == key
}

func (c *Cache) storeRender(out string, key [32]byte, html []byte) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.renders == nil {
		c.renders = map[string]renderEntry{}
	}
	c.renders[out] = renderEntry{key, html}
}

// keyWriter hashes strings with their lengths, so ("ab","c") ≠ ("a","bc").
// Writes are gathered in a buffer: hashing many short strings one Write
// at a time would copy each into a new byte slice.
type keyWriter struct {
	h   hash.Hash
	buf []byte
}

func newKey() *keyWriter { return &keyWriter{h: sha256.New(), buf: make([]byte, 0, 4096)} }

func (k *keyWriter) flushIfFull() {
	if len(k.buf) >= 4096 {
		k.h.Write(k.buf)
		k.buf = k.buf[:0]
	}
}

func (k *keyWriter) str(ss ...string) *keyWriter {
	for _, s := range ss {
		k.buf = binary.LittleEndian.AppendUint64(k.buf, uint64(len(s)))
		k.buf = append(k.buf, s...)
		k.flushIfFull()
	}
	return k
}

func (k *keyWriter) bytes(b []byte) *keyWriter {
	k.buf = binary.LittleEndian.AppendUint64(k.buf, uint64(len(b)))
	k.buf = append(k.buf, b...)
	k.flushIfFull()
	return k
}

func (k *keyWriter) num(ns ...int) *keyWriter {
	for _, v := range ns {
		k.buf = binary.LittleEndian.AppendUint64(k.buf, uint64(v))
	}
	k.flushIfFull()
	return k
}

func (k *keyWriter) sum() (out [32]byte) {
	k.h.Write(k.buf)
	k.buf = k.buf[:0]
	copy(out[:], k.h.Sum(nil))
	return out
}

// structureKey covers what a page's conversion depends on beyond its own
// text: which pages, files and folders exist (link resolution), the levels
// and the heading options.
func structureKey(s *site.Site, cfg *project.Config, generated map[string]bool) string {
	k := newKey()
	for _, p := range s.Pages {
		k.str("p", p.Src, p.URL)
	}
	for _, a := range s.Assets {
		k.str("a", a.Src)
	}
	k.str(s.Dirs()...)
	for _, id := range cfg.LevelIDs() {
		k.str("l", id)
	}
	for _, u := range slices.Sorted(maps.Keys(generated)) {
		k.str("g", u)
	}
	k.str(boolStr(inferOn(cfg)), boolStr(*cfg.TOC.Permalink), cfg.TOC.PermalinkSymbol)
	sum := k.sum()
	return string(sum[:])
}

func boolStr(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func convKey(structure string, p *site.Page) [32]byte {
	return newKey().str(structure, p.Src).num(p.BodyLine).bytes(p.BodyHash[:]).sum()
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
func renderKey(conv [32]byte, themeKey, nav string, d *render.PageData) [32]byte {
	k := newKey().bytes(conv[:]).str(themeKey, nav)
	k.str(d.Kind, d.Title, d.TitleID, d.Description, d.Root, d.EditURL, d.LastUpdated, d.Canonical)
	k.num(boolInt(d.IsHome), boolInt(d.HasH1))
	k.str(d.Levels...)
	k.num(len(d.Breadcrumbs))
	for _, l := range d.Breadcrumbs {
		k.str(l.Title, l.URL)
	}
	for _, l := range []*render.Link{d.Prev, d.Next} {
		if l == nil {
			k.str("-")
			continue
		}
		k.str(l.Title, l.URL).str(l.Levels...)
	}
	k.num(len(d.Backlinks))
	for _, l := range d.Backlinks {
		k.str(l.Title, l.URL).str(l.Levels...)
	}
	if d.Social != nil {
		k.str(d.Social.URL, d.Social.Alt)
	}
	drillKey(k, d.Drill)
	return k.sum()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// siteKey covers the theme and the site-wide data every page shows.
func siteKey(th *render.Theme, d render.SiteData, cfg *project.Config) string {
	k := newKey().str(th.Key, d.Title, d.Description, d.Lang, d.RepoURL, d.Copyright, d.Accent)
	k.str(d.ExtraCSS...).str("|").str(d.ExtraJS...)
	for _, l := range d.Levels {
		k.str(l.ID, l.Name, l.Description, l.Color)
	}
	k.num(cfg.TOC.Depth)
	sum := k.sum()
	return string(sum[:])
}

// searchKey covers every search document without hashing their text: the
// documents are made from each page's conversion (its key covers the text),
// title, URL and levels.
func searchKey(work []*pageWork) [32]byte {
	k := newKey()
	for _, w := range work {
		k.bytes(w.convKey[:]).str(w.page.Title, w.page.URL).str(w.page.Levels...).str("|")
	}
	return k.sum()
}

// navFingerprint hashes everything the nav renders from: every node's
// title, link, page URL, levels and place in the tree.
func navFingerprint(root *site.NavNode) string {
	k := newKey()
	var walk func(n *site.NavNode)
	walk = func(n *site.NavNode) {
		k.num(len(n.Children))
		for _, c := range n.Children {
			url := ""
			if c.Page != nil {
				url = "p:" + c.Page.URL
			}
			k.str(c.Title, c.URL, url).str(c.Levels()...).str("|")
			walk(c)
		}
	}
	walk(root)
	sum := k.sum()
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
