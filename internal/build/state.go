package build

import (
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"handbook/internal/buildstate"
	"handbook/internal/cache"
	"handbook/internal/pages"
	"handbook/internal/project"
	"handbook/internal/search"
)

// A build run from the command line keeps its caches on disk for the next
// build into the same output folder (Options.StateFile, see package
// buildstate): the next build then converts only the pages whose inputs
// changed and renders only the files whose key changed, keeping the others
// as they are in the output folder: a build after a one-page edit does a
// fraction of the work of a cold one, and writes the same bytes (tested).
//
// The render keys are trusted only when the output folder is exactly as
// the build that saved them left it: the stamp checks that, and passes the
// state's name back (Options.PrevState).

// diskState is what a Cache read from disk adds.
type diskState struct {
	// kept maps each file of the output folder to the key it was made from
	// (empty when the folder is not as the saved state says).
	kept map[string]cache.Key

	mu   sync.Mutex
	keys map[string]cache.Key // this build's files and their keys

	// search is the last build's search index cache; nextSearch this
	// build's, to save.
	search, nextSearch *search.Cache
}

// key records the key of an output file of this build.
func (d *diskState) key(name string, k cache.Key) {
	d.mu.Lock()
	d.keys[name] = k
	d.mu.Unlock()
}

// stateKey covers what makes a saved state usable at all: the program, the
// build's options and every config file.
func stateKey(opts Options, cfg *project.Config) cache.Key {
	k := cache.NewKey().Str("hb-state", cache.ProgramID())
	k.Str(opts.ConfigPath, opts.BaseURL, opts.ThemeDir, strconv.FormatBool(opts.Drafts), strconv.FormatBool(opts.WarnLinks))
	for _, f := range cfg.Files {
		b, _ := os.ReadFile(f)
		k.Str(f).Bytes(b)
	}
	return k.Sum()
}

// contentDir is the folder the site's pages are read from (as site.Load
// joins it).
func contentDir(cfg *project.Config) string { return filepath.Join(cfg.Root, cfg.ContentDir) }

// openState reads the state saved at opts.StateFile into a new Cache; a
// missing, damaged or foreign state gives an empty one.
func openState(opts Options, cfg *project.Config) *Cache {
	c := &Cache{disk: &diskState{kept: map[string]cache.Key{}, keys: map[string]cache.Key{}}}
	st, ok := buildstate.Read(opts.StateFile, stateKey(opts, cfg))
	if !ok {
		return c
	}
	sameOutput := st.ID == opts.PrevState && st.ID != ""
	if st.Search != nil {
		if sc, err := search.DecodeCache(st.Search); err == nil {
			if !sameOutput {
				sc.ForgetFiles() // the output folder may not hold them
			}
			c.disk.search = sc
		}
	}
	c.Load.Restore(contentDir(cfg), st.Loads)
	c.structure = st.Structure
	for _, p := range st.Pages {
		c.conv.Put(p.Src, p.Key, p.Conv)
	}
	if sameOutput {
		c.disk.kept = st.Outputs
	}
	return c
}

// saveState writes the state of this build to opts.StateFile (and the
// search index's cache beside it) and returns its name.
func (g *generator) saveState() (string, error) {
	c := g.opts.Cache
	s := buildstate.Saving{
		Structure: c.structure,
		Loads:     c.Load.Records(contentDir(g.cfg)),
		Pages:     make([]buildstate.Page, len(g.work)),
		WithHTML:  len(g.work) <= pages.MaxPrintPages,
	}
	for i, w := range g.work {
		read, _ := c.conv.Get(w.Page.Src, w.Key)
		s.Pages[i] = buildstate.Page{Src: w.Page.Src, Key: w.Key, Conv: w.Kept().Saved(read)}
	}
	if c.disk.nextSearch != nil {
		s.Search = c.disk.nextSearch
	}
	c.disk.mu.Lock()
	defer c.disk.mu.Unlock()
	s.Outputs = c.disk.keys
	return buildstate.Write(g.opts.StateFile, stateKey(g.opts, g.cfg), s)
}
