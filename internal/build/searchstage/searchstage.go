// Package searchstage is the build's search stage: it makes the search
// index of a build's pages and publishes its files, from scratch, from
// the last build's index (the state on disk, or serve's cache), or, for an
// edit in serve, later (the last index is published meanwhile).
package searchstage

import (
	"errors"
	"maps"
	"slices"
	"strings"

	"handbook/internal/buildstate"
	"handbook/internal/cache"
	"handbook/internal/convert"
	"handbook/internal/diag"
	"handbook/internal/pages"
	"handbook/internal/par"
	"handbook/internal/project"
	"handbook/internal/search"
	"handbook/internal/search/analyze"
)

// Output is where the stage's files go: the build's output.
type Output struct {
	Put func(name string, data []byte)
	// KeepAll keeps the last build's files at names in the output folder,
	// and reports which it could; Previous reads one as the last build
	// wrote it (nil when it cannot).
	KeepAll  func(names []string) []bool
	Previous func(name string) []byte
	// Drop removes a file published before, when the build keeps its
	// files in memory (nil when it writes them out as made).
	Drop   func(name string)
	Errorf func(format string, args ...any)
	// Report takes problems found reading a page's text back.
	Report func(diag.List)
}

// Published is the search files a build published, with their key: the
// next build of an incremental series starts from them.
type Published struct {
	files map[string][]byte
	key   cache.Key
}

// Stage makes one build's search index.
type Stage struct {
	Config *project.Config
	State  *buildstate.Cache // what builds keep for the next (nil for nothing)
	// Streamed: the build writes its files to an Output as they are made,
	// so the index is never held whole in memory.
	Streamed bool
	// Defer (serve, with an index in State): publish the last index and
	// leave building the new one to the function Add returns.
	Defer bool
	Out   Output
	Pub   *Published // this build's, updated as it publishes
}

// Add builds and publishes the index of work's pages. It returns the
// function that builds a deferred index (nil when nothing was deferred).
func (s *Stage) Add(work []*convert.Page) (finish func()) {
	if s.Config.Search != nil && !*s.Config.Search {
		return nil
	}
	c := s.State
	if c.OnDisk() {
		s.fromDisk(work)
		return nil
	}
	if c == nil && s.Streamed {
		o := options(s.Config)
		defer collectLess()()
		w := writeOneAtATime(s.Out.Put)
		o.Emit = w.put
		in := search.Input{Pages: lazyPages(work, s.Out.Report), Forget: true}
		_, _, _, err := search.BuildPages(in, o)
		w.close()
		if err != nil {
			s.Out.Errorf("building the search index: %v", err)
		}
		return nil
	}
	var key cache.Key
	if c != nil {
		key = docsKey(work, options(s.Config).Analysis)
		lastKey, files := c.LastIndex()
		if files != nil && (lastKey == key || s.Defer) {
			s.publish(files, lastKey)
			if lastKey != key {
				return later(c, key, work, options(s.Config))
			}
			return nil
		}
	}
	files, err := search.Build(docs(work, s.Out.Report), options(s.Config))
	if err != nil {
		s.Out.Errorf("building the search index: %v", err)
		return nil
	}
	c.KeepIndex(key, files)
	s.publish(files, key)
	return nil
}

// AddLater is Add for an edit in serve (Defer): the last index is
// published as it is, and whether it is out of date (its key, which reads
// every page's conversion) is left to the function it returns with the
// rest. It reports false when there is no index to publish yet.
func (s *Stage) AddLater(work []*convert.Page) (finish func(), ok bool) {
	c := s.State
	if !s.Defer || (s.Config.Search != nil && !*s.Config.Search) || c == nil || c.OnDisk() || s.Streamed {
		return nil, false
	}
	lastKey, files := c.LastIndex()
	if files == nil {
		return nil, false
	}
	s.publish(files, lastKey)
	work, opts := slices.Clone(work), options(s.Config)
	return func() {
		if key := docsKey(work, opts.Analysis); key != lastKey {
			later(c, key, work, opts)()
		}
	}, true
}

// publish puts the search files in the output, in place of those
// published before (an incremental build starts from the last one's files).
func (s *Stage) publish(files map[string][]byte, key cache.Key) {
	if s.Pub.files != nil && key == s.Pub.key {
		return // an incremental build's files hold them already
	}
	if s.Out.Drop != nil {
		for name := range s.Pub.files {
			if _, ok := files[name]; !ok {
				s.Out.Drop(name)
			}
		}
	}
	names := slices.Sorted(maps.Keys(files))
	w := writeOneAtATime(s.Out.Put)
	for _, name := range names {
		w.put(name, files[name])
	}
	w.close()
	s.Pub.files, s.Pub.key = files, key
}

// later returns the function that builds the index of work's documents
// (key) and stores it in the cache for the next build.
func later(c *buildstate.Cache, key cache.Key, work []*convert.Page, opts search.Options) func() {
	work = append([]*convert.Page(nil), work...) // the next build replaces edited pages' work
	return func() {
		files, err := search.Build(docs(work, func(diag.List) {}), opts)
		if err != nil {
			return // the next full build reports it
		}
		c.KeepIndex(key, files)
	}
}

// options are the index's options: the search plugin's separator and
// languages (by default the site's language), which the analyser follows.
func options(cfg *project.Config) search.Options {
	s := cfg.Plugins.Search
	lang := s.Lang
	if code, _, _ := strings.Cut(strings.ReplaceAll(cfg.Language, "_", "-"), "-"); len(lang) == 0 && code != "" {
		lang = []string{strings.ToLower(code)} // "pt-BR" is Portuguese
	}
	return search.Options{Analysis: analyze.Config{Separator: s.Separator, Lang: lang}}
}

// docs are the search documents of every page (problems reading a page's
// text back go to report).
func docs(work []*convert.Page, report func(diag.List)) []search.Doc {
	var docs []search.Doc
	for _, w := range work {
		docs = append(docs, pages.SearchDocs(w.Page, w.WithText(report))...)
	}
	return docs
}

// docsKey covers every search document without hashing their text: the
// documents are made from each page's conversion (its key covers the text),
// title, URL and levels.
func docsKey(work []*convert.Page, a analyze.Config) cache.Key {
	k := cache.NewKey().Str(a.Separator).Str(a.Lang...).Str("|")
	for _, w := range work {
		k.Bytes(w.ID[:]).Str(w.Page.Title, w.Page.URL).Str(w.Page.Levels...).Str("|")
	}
	return k.Sum()
}

// fromDisk builds the index from the last build's (the state on disk):
// the pages whose sections did not change are not read again, and the
// chunk files of unchanged groups stay as they are.
func (s *Stage) fromDisk(work []*convert.Page) {
	c := s.State
	in := search.Input{Cache: c.SearchCache(), Previous: s.Out.Previous, Pages: lazyPages(work, s.Out.Report)}
	if in.Cache == nil { // (the whole index is made)
		defer collectLess()()
	}
	w := writeOneAtATime(s.Out.Put)
	defer w.close()
	for try := 0; ; try++ {
		o := options(s.Config)
		o.Emit = w.put
		_, kept, next, err := search.BuildPages(in, o)
		var more *search.ErrNeedDocs
		if errors.As(err, &more) && try == 0 {
			// (a page's analysis in the cache could not be read back)
			more.ReadAgain(&in)
			continue
		}
		if err != nil {
			s.Out.Errorf("building the search index: %v", err)
			return
		}
		c.SetSearchCache(next)
		for i, ok := range s.Out.KeepAll(kept) {
			if ok {
				continue
			}
			if b := s.Out.Previous(kept[i]); b != nil {
				w.put(kept[i], b)
			} else {
				s.Out.Errorf("the search file %s of the last build is gone: build again", kept[i])
			}
		}
		return
	}
}

// lazyPages are the pages for search.BuildPages, each read (its
// conversion's text, from the spill or the page) only when the index
// needs it: a large site's sections are never all held at once.
// Problems reading a page's text back go to report.
func lazyPages(work []*convert.Page, report func(diag.List)) []search.Page {
	pp := make([]search.Page, len(work))
	par.For(len(work), func(i int) {
		w := work[i]
		pp[i] = search.Page{Key: pageKey(w), Sections: sections(w), Load: func() []search.Doc {
			return pages.SearchDocs(w.Page, w.WithText(report))
		}, LoadInto: func(room []byte) ([]search.Doc, []byte) {
			res, used := w.WithTextInto(room, report)
			return pages.SearchDocs(w.Page, res), used
		}}
	})
	return pp
}

// sections is the number of search documents of a page
// (pages.SearchDocs): one per section, none when the page is excluded.
func sections(w *convert.Page) int {
	if w.Page.FM.SearchExclude {
		return 0
	}
	return len(w.Res.Sections)
}

// pageKey identifies a page's search documents: they are made of its
// conversion, title, URL and levels. (A build makes one for every page of
// the site: its writers are reused.)
func pageKey(w *convert.Page) cache.Key {
	return cache.SumOf(func(k *cache.KeyWriter) { k.Bytes(w.ID[:]).Str(w.Page.Title, w.Page.URL).Str(w.Page.Levels...) })
}
