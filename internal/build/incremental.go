package build

import (
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"time"

	"handbook/internal/convert"
	"handbook/internal/diag"
	"handbook/internal/gitinfo"
	"handbook/internal/markdown"
	"handbook/internal/pages"
	"handbook/internal/site"
)

// snapshot is what a successful build leaves in the Cache for the next one
// to start from: its site model, each page's conversion and diagnostics,
// and its files. A build told which files changed (Options.Changed) that
// finds them all to be body edits of existing pages starts from it and
// redoes only those pages and what shows them (incremental); anything
// else (a new, deleted or renamed file, a front matter, config or theme
// change) takes the full path, which reuses what its cache keys prove
// unchanged.
type snapshot struct {
	opts      Options
	g         *generator // prepared: site, config, theme, nav, page order, backlinks
	byAbs     map[string]int
	settings  string // the conversions' settings key (buildstate.SettingsKey)
	generated map[string]bool
	base      diag.List                // config, load, nav and theme diagnostics
	conv      map[*site.Page]diag.List // each page's conversion diagnostics
	links     map[*site.Page]diag.List // each page's broken links
	ids       map[*site.Page]map[string]bool
	files     map[string][]byte
}

func newSnapshot(opts Options, g *generator, settings string, generated map[string]bool, base diag.List, conv, links map[*site.Page]diag.List) *snapshot {
	snap := &snapshot{opts: opts, g: g, settings: settings, generated: generated, base: base, conv: conv, links: links,
		byAbs: make(map[string]int, len(g.work)), ids: g.result.IDs, files: g.result.Files}
	for i, w := range g.work {
		if abs, err := filepath.Abs(w.Page.Abs); err == nil {
			snap.byAbs[abs] = i
		}
	}
	return snap
}

// sameBuild reports whether two builds' options make the same site.
func sameBuild(a, b Options) bool {
	return a.Source == b.Source && a.ConfigPath == b.ConfigPath && a.BaseURL == b.BaseURL &&
		a.ThemeDir == b.ThemeDir && a.Drafts == b.Drafts && a.WarnLinks == b.WarnLinks && a.Strict == b.Strict &&
		a.KeepSource == b.KeepSource
}

func (c *Cache) remember(s *snapshot) {
	if c != nil {
		c.last = s
	}
}

func (c *Cache) forget() {
	if c != nil {
		c.last = nil
	}
}

// edit is one changed page, converted again.
type edit struct {
	at      int // index in the work list
	page    *site.Page
	parsed  *site.Page // the file as read now
	work    *convert.Page
	oldWork *convert.Page
}

// incremental builds from the last build's snapshot when every changed
// file is an existing page whose front matter, title and diagnostics-free
// state are unchanged; otherwise it returns nil and the caller runs the
// full build. It touches nothing before deciding.
func incremental(opts Options, start time.Time) *Result {
	c := opts.Cache
	if c == nil || c.last == nil || opts.Changed == nil || opts.Output != nil || !sameBuild(c.last.opts, opts) {
		return nil
	}
	snap := c.last
	if snap.g.blog != nil {
		return nil
	}
	// A commit since the last build may change the "last updated" dates.
	// Asking git takes milliseconds (a process): it runs meanwhile.
	gitState := make(chan string, 1)
	go func() { gitState <- gitinfo.State(snap.g.cfg.DocsDir()) }()
	edits, ok := readEdits(snap, opts.Changed)
	if !ok {
		return nil
	}
	loaded := time.Now()
	hl := newHighlighter(Options{}) // in memory: one page's code is quick to highlight
	work, ok := reconvert(snap, edits, hl)
	closeHighlighter(hl)
	if !ok || <-gitState != snap.g.gitState {
		return nil
	}

	// Decided: from here on the snapshot is brought up to date.
	r := &Result{Files: maps.Clone(snap.files), Deps: snap.g.result.Deps, Site: snap.g.site, Nav: snap.g.nav}
	r.Stats.Load = loaded.Sub(start)
	g := snap.g.next(opts, r, work)
	for _, e := range edits {
		p := e.page
		p.BodyLine, p.BodyHash = e.parsed.BodyLine, e.parsed.BodyHash
		if opts.KeepSource {
			p.Source, p.Body = e.parsed.Source, e.parsed.Body
		}
		c.Conversions().Put(p.Src, e.work.Key, e.work.Kept())
	}
	r.Stats.Convert = time.Since(loaded)

	t := time.Now()
	next := g.applyEdits(snap, edits)
	g.addPrintPages()
	r.Stats.Render = time.Since(t)
	t = time.Now()
	if len(edits) == 0 || !g.addSearchLater() {
		g.addSearch()
	}
	r.Stats.Search = time.Since(t)
	if !r.SearchPending() {
		// (Else the build that publishes the new index writes sw.js: its
		// version covers the index, and the preview does not use it.)
		g.addOffline()
	}
	r.Stats.Cache.Converted = len(edits)
	r.Stats.Cache.ConvReused = len(work) - len(edits)
	r.Stats.Cache.Incremental = true
	r.Stats.Highlight = hl.Stats().String()
	r.Pages, r.Assets = len(g.site.Pages), len(g.site.Assets)
	r.Diags.Sort()
	r.Diags = r.Diags.Bound()
	r.Stats.Total = time.Since(start)
	if r.OK() {
		c.remember(next)
	} else {
		c.forget() // the page model holds this build's edits: start afresh
	}
	return r
}

// reconvert converts the edited pages into a new work list, or reports
// false when an edit changes more than its page's body shows: its title
// (taken from the first H1), or whether the theme's diagram and math
// libraries are needed.
func reconvert(snap *snapshot, edits []edit, hl *highlighter) ([]*convert.Page, bool) {
	old := snap.g
	conv, _ := convert.New(old.cfg, old.site, hl, old.icons, snap.settings) // its config diagnostics are in snap.base
	work := slices.Clone(old.work)
	for i := range edits {
		e := &edits[i]
		e.work = conv.Edit(e.page, e.parsed.BodyLine, e.parsed.BodyHash, e.parsed.Body)
		if e.page.FM.Title == "" && e.work.FallbackTitle() != e.page.Title {
			return nil, false
		}
		if e.work.TagsMarker != e.oldWork.TagsMarker {
			return nil, false // the tags index moves: every page's tag links change
		}
		work[e.at] = e.work
	}
	same := true
	for _, e := range edits {
		same = same && e.work.Res.HasMermaid == e.oldWork.Res.HasMermaid && e.work.Res.HasMath == e.oldWork.Res.HasMath
	}
	if same {
		return work, true // (reading every page's flags takes milliseconds at 10,000 pages)
	}
	var mermaid, math bool
	for _, w := range work {
		mermaid = mermaid || w.Res.HasMermaid
		math = math || w.Res.HasMath
	}
	return work, mermaid == old.needs.mermaid && math == old.needs.math
}

// applyEdits brings the result up to date with the converted edits: the
// diagnostics, the link checks of the pages that link into an edited page
// whose ids changed, and the pages to render again (the edited ones, those
// whose backlinks changed, the level pages when what they list changed).
// It returns the snapshot of this build.
func (g *generator) applyEdits(snap *snapshot, edits []edit) *snapshot {
	r, s := g.result, g.site
	ids, convDiags, links := maps.Clone(snap.ids), maps.Clone(snap.conv), maps.Clone(snap.links)
	recheck := map[*site.Page]bool{}
	rerender := map[*site.Page]bool{}
	levelsChanged := false
	for _, e := range edits {
		p := e.page
		convDiags[p] = e.work.Diags()
		newIDs := idSet(e.work.Res.IDs)
		if !reflect.DeepEqual(newIDs, ids[p]) {
			for _, from := range snap.g.backlinks[p] {
				recheck[from] = true // its links into this page may break or mend
			}
		}
		ids[p] = newIDs
		recheck[p] = true
		rerender[p] = true
		for _, t := range g.backlinks.Relink(p, e.oldWork.Linker.Refs, e.work.Linker.Refs) {
			rerender[t] = true // its backlinks changed
		}
		for _, d := range pages.DrillsShowing(g.drillSources, p) {
			rerender[d] = true // its cards come from this page
		}
		if g.levelSignature(e.oldWork) != g.levelSignature(e.work) {
			levelsChanged = true
		}
	}
	r.IDs = ids
	r.Refs = make(map[*site.Page][]site.LinkRef, len(g.work))
	r.Converted = make(map[*site.Page]*markdown.Result, len(g.work))
	for _, w := range g.work {
		r.Refs[w.Page] = w.Linker.Refs
		r.Converted[w.Page] = w.Res
	}
	g.setModel()
	for p := range recheck {
		links[p] = s.CheckPageLinks(p, r.Refs[p], ids)
	}
	r.Diags = append(r.Diags, snap.base...)
	for _, w := range g.work {
		r.Diags = append(r.Diags, convDiags[w.Page]...)
	}
	for _, p := range s.Pages {
		r.Diags = append(r.Diags, links[p]...)
	}
	g.prepareDrills()
	for _, w := range g.work {
		if rerender[w.Page] && !g.renderPage(w) {
			r.Stats.Cache.Rendered++
		}
	}
	r.Stats.Cache.RenderReused = len(g.work) - r.Stats.Cache.Rendered
	if levelsChanged {
		r.Deps = maps.Clone(r.Deps) // the level pages set theirs: not in the last build's map
		g.renderLevelPages()
	}
	return &snapshot{opts: snap.opts, g: g, byAbs: snap.byAbs, settings: snap.settings, generated: snap.generated,
		base: snap.base, conv: convDiags, links: links, ids: ids, files: r.Files}
}

// readEdits reads the changed files, each of which must be a page of the
// snapshot with the same front matter and no load diagnostics, now or
// before. Unchanged bodies (a save without changes) are left out.
func readEdits(snap *snapshot, changed []string) ([]edit, bool) {
	s := snap.g.site
	var edits []edit
	seen := map[int]bool{}
	for _, name := range changed {
		abs, err := filepath.Abs(name)
		if err != nil {
			return nil, false
		}
		i, ok := snap.byAbs[abs]
		if !ok {
			return nil, false
		}
		if seen[i] {
			continue
		}
		seen[i] = true
		w := snap.g.work[i]
		parsed, ok := s.Reread(w.Page)
		if !ok {
			return nil, false
		}
		shown := s.Display(w.Page)
		for _, d := range snap.base {
			if d.Path == shown {
				return nil, false
			}
		}
		if parsed.BodyHash == w.Page.BodyHash && parsed.BodyLine == w.Page.BodyLine {
			continue
		}
		edits = append(edits, edit{at: i, page: w.Page, parsed: parsed, oldWork: w})
	}
	return edits, true
}

// next returns a generator for a build that starts from g's: the same
// prepared site, with its own options, result and work, and its own copy of the
// backlinks (which relink changes).
func (g *generator) next(opts Options, r *Result, work []*convert.Page) *generator {
	p := *g.prepared // the new build publishes its own search files
	return &generator{prepared: &p, opts: opts, work: work, result: r, backlinks: maps.Clone(g.backlinks)}
}

func idSet(ids []string) map[string]bool {
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return set
}

// levelSignature is what the level pages show of a page.
func (g *generator) levelSignature(w *convert.Page) string {
	return pages.LevelSignature(w.Page, w.Res, g.cfg.Description)
}
