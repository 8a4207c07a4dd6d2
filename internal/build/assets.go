package build

import (
	"errors"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"handbook/internal/buildstate"
	"handbook/internal/cache"
	"handbook/internal/convert"
	"handbook/internal/diag"

	"handbook/internal/par"

	"handbook/internal/gitinfo"
	"handbook/internal/pages"
	"handbook/internal/search"
	"handbook/internal/search/analyze"
	"handbook/internal/seo"
)

// addAssets copies the content's files and the theme's assets. Vendored
// libraries are copied only when a page uses them.
func (g *generator) addAssets() {
	now := time.Now()
	for _, a := range g.site.Assets {
		// An asset is kept by its size and time, unless it was saved too
		// recently for those to prove anything (see output's racyWindow).
		var key cache.Key
		info, err := os.Stat(a.Abs)
		trusted := err == nil && info.ModTime().Before(now.Add(-2*time.Second))
		if trusted {
			key = cache.NewKey().Str("asset", a.Abs).Num(int(info.Size()), int(info.ModTime().UnixNano())).Sum()
			if g.reuse(a.Src, key) {
				continue
			}
		}
		b, err := os.ReadFile(a.Abs)
		if err != nil {
			g.errorf(g.cfg.ContentDir+"/"+a.Src, "read", "cannot read: %v", err)
			continue
		}
		g.put(a.Src, b)
		if trusted {
			g.recordKey(a.Src, key)
		}
	}
	for name, b := range g.theme.Files {
		g.put(name, b)
	}
	for name, b := range g.theme.VendorFiles(g.needs.mermaid, g.needs.math, g.cfg.Plugins.Glightbox) {
		g.put(name, b)
	}
}

// addPublishingFiles writes what GitHub Pages and crawlers need: .nojekyll
// (so folders starting with "_" are served), robots.txt and, when the site's
// URL is known, sitemap.xml. A CNAME in content is copied like any file.
func (g *generator) addPublishingFiles() {
	g.put(".nojekyll", []byte{})
	g.put("robots.txt", seo.Robots(g.cfg.BaseURL))
	if g.cfg.BaseURL == "" {
		return
	}
	var pages []seo.Page
	for _, p := range g.order {
		sp := seo.Page{URL: p.URL}
		if d, ok := g.lastModTime[p.Src]; ok && p.Src != "" {
			sp.LastMod = d
		}
		pages = append(pages, sp)
	}
	g.put("sitemap.xml", seo.Sitemap(g.cfg.BaseURL, pages))
}

// addSearch writes the search index: one document per section of every
// page, with its heading path, text, code and levels.
func (g *generator) addSearch() {
	if g.cfg.Search != nil && !*g.cfg.Search {
		return
	}
	var key cache.Key
	c := g.opts.Cache.state()
	if c.OnDisk() {
		g.addSearchFromDisk()
		return
	}
	if c == nil && g.opts.Output != nil {
		// Written out as made: the index is never held whole in memory.
		o := g.searchOptions()
		o.Emit = g.put
		if _, err := search.Build(searchDocs(g.work, g.report), o); err != nil {
			g.errorf("", "search", "building the search index: %v", err)
		}
		return
	}
	if c != nil {
		key = searchKey(g.work, g.searchOptions().Analysis)
		lastKey, files := c.LastIndex()
		if files != nil && (lastKey == key || g.opts.DeferSearch) {
			g.publishSearch(files, lastKey)
			if lastKey != key {
				g.result.finishSearch = searchLater(c, key, g.work, g.searchOptions())
			}
			return
		}
	}
	files, err := search.Build(searchDocs(g.work, g.report), g.searchOptions())
	if err != nil {
		g.errorf("", "search", "building the search index: %v", err)
		return
	}
	c.KeepIndex(key, files)
	g.publishSearch(files, key)
}

// addSearchLater is addSearch for an edit in serve (DeferSearch): the last
// index is published as it is, and whether it is out of date (its key,
// which reads every page's conversion) is left to FinishSearch with the
// rest. It reports false when there is no index to publish yet.
func (g *generator) addSearchLater() bool {
	c := g.opts.Cache.state()
	if !g.opts.DeferSearch || (g.cfg.Search != nil && !*g.cfg.Search) || c == nil || c.OnDisk() || g.opts.Output != nil {
		return false
	}
	lastKey, files := c.LastIndex()
	if files == nil {
		return false
	}
	g.publishSearch(files, lastKey)
	work, opts := slices.Clone(g.work), g.searchOptions()
	g.result.finishSearch = func() {
		if key := searchKey(work, opts.Analysis); key != lastKey {
			searchLater(c, key, work, opts)()
		}
	}
	return true
}

// publishSearch puts the search files in the output, in place of those
// published before (an incremental build starts from the last one's files).
func (g *generator) publishSearch(files map[string][]byte, key cache.Key) {
	if g.search != nil && key == g.searchKey {
		return // an incremental build's files hold them already
	}
	if g.opts.Output == nil {
		for name := range g.search {
			if _, ok := files[name]; !ok {
				delete(g.result.Files, name)
			}
		}
	}
	names := slices.Sorted(maps.Keys(files))
	par.For(len(names), func(i int) { g.put(names[i], files[names[i]]) })
	g.search, g.searchKey = files, key
}

// searchLater returns the function that builds the index of work's
// documents (key) and stores it in the cache for the next build.
func searchLater(c *buildstate.Cache, key cache.Key, work []*convert.Page, opts search.Options) func() {
	work = append([]*convert.Page(nil), work...) // the next build replaces edited pages' work
	return func() {
		files, err := search.Build(searchDocs(work, func(diag.List) {}), opts)
		if err != nil {
			return // the next full build reports it
		}
		c.KeepIndex(key, files)
	}
}

// searchOptions are the index's options: the search plugin's separator and
// languages (by default the site's language), which the analyser follows.
func (g *generator) searchOptions() search.Options {
	s := g.cfg.Plugins.Search
	lang := s.Lang
	if code, _, _ := strings.Cut(strings.ReplaceAll(g.cfg.Language, "_", "-"), "-"); len(lang) == 0 && code != "" {
		lang = []string{strings.ToLower(code)} // "pt-BR" is Portuguese
	}
	return search.Options{Analysis: analyze.Config{Separator: s.Separator, Lang: lang}}
}

// searchDocs are the search documents of every page (problems reading a
// page's text back go to report).
func searchDocs(work []*convert.Page, report func(diag.List)) []search.Doc {
	var docs []search.Doc
	for _, w := range work {
		docs = append(docs, pages.SearchDocs(w.Page, w.WithText(report))...)
	}
	return docs
}

// lastModified returns the last commit time of each content file, read from
// git in one call; empty outside a git checkout or in a shallow clone.
func lastModified(docsDir string) map[string]time.Time {
	times, err := gitinfo.ContentDates(docsDir)
	if err != nil {
		return nil
	}
	return times
}

// addSearchFromDisk builds the search index from the last build's (the
// state on disk): the pages whose sections did not change are not read
// again, and the chunk files of unchanged groups stay as they are.
func (g *generator) addSearchFromDisk() {
	c := g.opts.Cache.state()
	in := search.Input{Cache: c.SearchCache(), Previous: g.previous}
	keys := make([]cache.Key, len(g.work))
	need := map[cache.Key]bool{}
	for i, w := range g.work {
		keys[i] = pageSearchKey(w)
		if !in.Cache.Has(keys[i]) {
			need[keys[i]] = true
		}
	}
	for try := 0; ; try++ {
		in.Pages = make([]search.Page, len(g.work))
		par.For(len(g.work), func(i int) {
			in.Pages[i] = search.Page{Key: keys[i]}
			if need[keys[i]] {
				docs := pages.SearchDocs(g.work[i].Page, g.work[i].WithText(g.report))
				if docs == nil {
					docs = []search.Doc{} // no sections (search: exclude): given, not to be taken from the cache
				}
				in.Pages[i].Docs = docs
			}
		})
		o := g.searchOptions()
		o.Emit = g.put
		_, kept, next, err := search.BuildPages(in, o)
		var more *search.ErrNeedDocs
		if errors.As(err, &more) && try == 0 {
			for _, k := range more.Keys {
				need[k] = true
			}
			continue
		}
		if err != nil {
			g.errorf("", "search", "building the search index: %v", err)
			return
		}
		c.SetSearchCache(next)
		for _, name := range kept {
			if !g.keep(name) {
				if b := g.previous(name); b != nil {
					g.put(name, b)
				} else {
					g.errorf("", "search", "the search file %s of the last build is gone: build again", name)
				}
			}
		}
		return
	}
}

// pageSearchKey identifies a page's search documents: they are made of
// its conversion, title, URL and levels.
func pageSearchKey(w *convert.Page) cache.Key {
	return cache.NewKey().Bytes(w.ID[:]).Str(w.Page.Title, w.Page.URL).Str(w.Page.Levels...).Sum()
}

// previous reads a file of the last build from the output folder (nil when
// the output cannot, or the file is not as the last build wrote it).
func (g *generator) previous(name string) []byte {
	if h, ok := g.opts.Output.(hashedOutput); ok {
		return h.Previous(name)
	}
	return nil
}
