package build

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"handbook/internal/buildstate"
	"handbook/internal/cache"
	"handbook/internal/convert"
	"handbook/internal/pages"
	"handbook/internal/project"
	"handbook/internal/site"
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
	c := &Cache{}
	c.Open(opts.StateFile, stateKey(opts, cfg), opts.PrevState, contentDir(cfg))
	return c
}

// saveState writes the state of this build to opts.StateFile (and the
// search index's cache beside it) and returns its name.
func (g *generator) saveState() (string, error) {
	id := buildstate.NewID()
	if err := g.saveStateID(id); err != nil {
		return "", err
	}
	return id, nil
}

// earlySave is a state being saved while the build makes its files (see
// buildstate.Cache.SaveEarly).
type earlySave struct {
	id     string
	finish func(ok bool, sums func() []buildstate.Summary)
	saved  <-chan struct{}
}

// startSaving starts saving the state while the build goes on: when the
// CLI saves it in the background, and the pages' conversions are final
// now (a small site's state keeps the pages' HTML, which rendering may
// fill in). nil when it is not started.
func (g *generator) startSaving(beside bool) *earlySave {
	if !beside || !g.opts.SaveInBackground || !g.opts.Cache.state().OnDisk() || g.stateKeepsHTML() {
		return nil
	}
	id := buildstate.NewID()
	pages := func() []buildstate.Page { return g.statePages(false) }
	finish, saved := g.opts.Cache.SaveEarly(g.opts.StateFile, stateKey(g.opts, g.cfg), id, pages, false, contentDir(g.cfg))
	return &earlySave{id: id, finish: finish, saved: saved}
}

// saveStateID writes the state of this build under the name id.
func (g *generator) saveStateID(id string) error {
	return g.opts.Cache.SaveID(g.opts.StateFile, stateKey(g.opts, g.cfg), id, g.statePages(true), g.stateKeepsHTML(), contentDir(g.cfg))
}

// statePages are the pages' conversions as the state keeps them, with
// their summaries when the build has made its files (withSums; see
// summaries).
func (g *generator) statePages(withSums bool) []buildstate.Page {
	saved := make([]buildstate.Page, len(g.work))
	var sums []buildstate.Summary
	if withSums {
		sums = g.summaries()
	}
	for i, w := range g.work {
		saved[i] = buildstate.Page{Src: w.Page.Src, Key: w.Key, Conv: w.Kept()}
		if sums != nil {
			saved[i].Sum = sums[i]
		}
	}
	return saved
}

// summaries are the pages' summaries as the state keeps them (see
// buildstate.Summary), once the build has made its files.
func (g *generator) summaries() []buildstate.Summary {
	if g.edit != nil {
		return g.editSummaries()
	}
	at := make(map[*site.Page]int, len(g.work))
	for i, w := range g.work {
		at[w.Page] = i
	}
	targets := make([][]int, len(g.work))
	for t, from := range g.backlinks {
		ti, ok := at[t]
		if !ok {
			continue
		}
		for _, p := range from {
			if i, ok := at[p]; ok {
				targets[i] = append(targets[i], ti)
			}
		}
	}
	sums := make([]buildstate.Summary, len(g.work))
	for i, w := range g.work {
		slices.Sort(targets[i])
		sums[i] = g.summary(w, targets[i])
	}
	return sums
}

// summary is page w's summary, its links leading to the pages at targets
// (sorted).
func (g *generator) summary(w *convert.Page, targets []int) buildstate.Summary {
	r := w.Res
	return buildstate.Summary{ID: w.ID, Title: r.Title, Sections: len(r.Sections),
		HasMermaid: r.HasMermaid, HasMath: r.HasMath, TagsMarker: w.TagsMarker, HasDeps: w.HasDeps(),
		Targets: targets, Diags: r.Diags, LinkDiags: g.linkDiags[w.Page], RenderDiags: g.renderDiags[w.Page],
		Included: r.Included, Missing: r.Missing}
}

// editSummaries are the summaries of an edit path's build (see
// summaries): a page it did not convert again is what the state read
// summed up, with its link and rendering problems now (its links lead
// where they led: the site's structure is the same); a changed page's is
// made anew.
func (g *generator) editSummaries() []buildstate.Summary {
	last := g.opts.Cache.state().LastPages()
	sums := make([]buildstate.Summary, len(g.work))
	for i, w := range g.work {
		sums[i] = last[i].Sum
		sums[i].LinkDiags, sums[i].RenderDiags = g.linkDiags[w.Page], g.renderDiags[w.Page]
	}
	for _, e := range g.edit.edited {
		var targets []int
		for _, t := range site.LinkTargets(e.now.Page, e.now.Linker.Refs) {
			if j, ok := g.edit.at[t]; ok {
				targets = append(targets, j)
			}
		}
		slices.Sort(targets)
		sums[e.at] = g.summary(e.now, targets)
	}
	return sums
}

// keepHTMLUpTo is the number of pages up to which the state keeps the
// pages' HTML (their printable pages are made of it); a variable for
// tests.
var keepHTMLUpTo = pages.MaxPrintPages

// stateKeepsHTML reports whether the state this build saves keeps the
// pages' HTML.
func (g *generator) stateKeepsHTML() bool { return len(g.work) <= keepHTMLUpTo }
