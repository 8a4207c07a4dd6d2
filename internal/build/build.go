// Package build runs the whole pipeline: config and content are loaded into
// a site model, every page is converted and rendered in parallel, links are
// checked, and the generated pages, search index and theme assets are added.
// The result is an in-memory file set; Write puts it on disk atomically.
package build

import (
	"fmt"
	"maps"
	"runtime/debug"
	"slices"
	"time"

	"handbook/internal/blog"
	"handbook/internal/buildstate"
	"handbook/internal/cache"
	"handbook/internal/convert"
	"handbook/internal/markdown/icons"
	"handbook/internal/output/stamp"

	"handbook/internal/diag"
	"handbook/internal/markdown"
	"handbook/internal/pages"
	"handbook/internal/par"
	"handbook/internal/project"
	"handbook/internal/render"
	"handbook/internal/repoinfo"
	"handbook/internal/site"
)

// Options configure a build.
type Options struct {
	Source     string // site folder (default ".")
	ConfigPath string // default Source/handbook.yaml, optional
	BaseURL    string // overrides the config's base_url
	ThemeDir   string // default Source/theme when it exists
	// OutDir is the output folder, never read as input even when it lies
	// inside the content folder (content_dir: .).
	OutDir    string
	Drafts    bool
	WarnLinks bool // link and nav problems are warnings, whatever strict says
	// Strict makes link and nav warnings errors (--strict), as strict:
	// true in the config does.
	Strict   bool
	CacheDir string
	// Progress, when set, is told each phase ("loading", "converting",
	// "rendering", "search index") and, in the phases that go page by
	// page, each page done (from many goroutines; total 0: not counted).
	Progress func(phase string, done, total int)
	// Output receives the files; nil collects them in Result.Files.
	Output Output
	// Repo, when set, is where a repo_url the config leaves out is looked
	// for (the environment, git: repoinfo.System); nil infers none.
	Repo *repoinfo.Sources
	// KeepSource keeps each page's source in memory after conversion (for
	// the checks that read it again).
	KeepSource bool
	// Cache, when set, carries work over to the next build (serve).
	Cache *Cache
	// DeferSearch (with a Cache holding an earlier index): when the search
	// index is out of date, publish the earlier one and leave the new one
	// to Result.FinishSearch, so an edit reaches the browser first.
	DeferSearch bool
	// Changed (with a Cache, for serve) lists the files changed since the
	// last build; nil means unknown. When they are all body edits of
	// existing pages, only those pages and what shows them are redone.
	Changed []string
	// StateFile (without a Cache) is where the build reads the caches the
	// last build into the same output folder saved, and saves its own (see
	// state.go); PrevState names the state that output folder was left
	// with (output.Previous.State), without which the files the saved
	// state describes are not kept but made again.
	StateFile, PrevState string
	// Stat, when set, gives the state of an input file as found just
	// before the build (see site.Options.Stat).
	Stat func(path string) *site.FileState
	// Listed, when set, are the input files as the build stamp found them
	// just before the build (stamp.Stamp.Files): the content folder is not
	// walked again (see site.Options.Listing).
	Listed []stamp.FileStat
	// SaveInBackground: when few pages changed, the state (StateFile) is
	// written while the build makes its files, and Run may return before
	// it is written, named in Result.State already; Result.WaitState
	// waits for it. (The CLI publishes the output meanwhile.)
	SaveInBackground bool
}

func (o Options) progress(phase string, done, total int) {
	if o.Progress != nil {
		o.Progress(phase, done, total)
	}
}

// Result is a finished (or failed) build.
type Result struct {
	Files  map[string][]byte // output path → bytes
	Pages  int
	Assets int
	Diags  diag.List
	Stats  Stats
	// Deps maps each HTML output to the source files it shows, for serve.
	Deps map[string][]string
	Site *site.Site
	// Refs and IDs are the link graph, for check. (A build that writes
	// its files as it makes them and spills its pages, see spillPages,
	// leaves them nil, and Converted with only what it reads of every
	// page: see convert.Page.Full.)
	Refs map[*site.Page][]site.LinkRef
	IDs  map[*site.Page]map[string]bool
	// Read are the snippet files pages included and the paths where
	// missing ones would be, sorted (the build stamp records them).
	Read []string
	// Converted holds each page's markdown result; Nav is the nav tree.
	Converted map[*site.Page]*markdown.Result
	Nav       *site.NavNode
	// Strict says whether link and nav warnings were errors, and why.
	Strict project.Strictness
	// ConfigErrors: the project's config has errors (serve stops at them;
	// it serves a site with any other problem).
	ConfigErrors bool
	// State names the state this build saved (Options.StateFile), "" if none.
	State string
	// saving is closed once the state is saved (Options.SaveInBackground).
	saving <-chan struct{}
	// pace gives back the collector's pace an edit holds until WaitState
	// (see editGC); nil when none is held.
	pace func()

	finishSearch func()
}

// WaitState waits until the state this build saves in the background
// (Options.SaveInBackground) is written, or has failed to be; it then
// gives back the collector's pace an edit held for the
// publishing after the build (see editGC).
func (r *Result) WaitState() {
	if r.saving != nil {
		<-r.saving
	}
	if r.pace != nil {
		r.pace()
	}
}

// SearchPending reports whether this build published an out-of-date search
// index (DeferSearch) that FinishSearch will bring up to date.
func (r *Result) SearchPending() bool { return r.finishSearch != nil }

// FinishSearch builds the search index this build deferred and stores it in
// the cache, so the next build publishes it. Safe to run in the background.
func (r *Result) FinishSearch() {
	if r.finishSearch != nil {
		r.finishSearch()
	}
}

// Stats are per-phase wall-clock times.
type Stats struct {
	Load, Convert, Render, Search, Total time.Duration
	Highlight                            string
	Cache                                CacheStats
}

// OK reports whether the build has no errors.
func (r *Result) OK() bool { return !r.Diags.HasErrors() }

// Run builds the site in memory.
func Run(opts Options) *Result {
	start := time.Now()
	r := &Result{Files: map[string][]byte{}, Deps: map[string][]string{}}
	if opts.Source == "" {
		opts.Source = "."
	}
	if r := incremental(opts, start); r != nil {
		return r
	}
	opts.Cache.forget()
	opts.progress("loading", 0, 0)
	cfg, d := Project(opts)
	r.Diags = append(r.Diags, d...)
	r.ConfigErrors = d.HasErrors()
	gc := gcPaceFor(opts.SaveInBackground, opts.StateFile)
	defer gc.normal()
	defer holdHeapFloor(opts.SaveInBackground).release()
	if opts.Cache == nil && opts.StateFile != "" && opts.CacheDir != "" {
		gc.relax()
		opts.Cache = openState(opts, cfg)
		if !mayEdit(opts) {
			opts.Cache.state().Predecode() // (the full path reads most of it)
		}
		opts.Cache.Load.NoText = true
		if !mayEdit(opts) {
			gc.normal()
		} // (an edit stays relaxed: it allocates little beside the state it keeps)
	}
	loadOpts := site.Options{Drafts: opts.Drafts, Strict: opts.Strict, NotStrict: opts.WarnLinks, Stat: opts.Stat, Listing: listing(opts.Listed)}
	if opts.OutDir != "" {
		loadOpts.Exclude = []string{opts.OutDir}
	}
	if opts.Cache != nil {
		loadOpts.Cache = &opts.Cache.Load
	}
	// The theme loads (its assets minified) while the site does.
	theme := make(chan themeLoad, 1)
	themeDir, root := cfg.ThemeDir, cfg.Root
	go func() { theme <- loadTheme(themeDir, root) }()
	s, d := site.Load(cfg, cfg.Root, loadOpts)
	r.Strict = strictness(cfg, opts)
	r.Diags = append(r.Diags, d...)
	r.Site = s
	posts, d := blog.Load(s, cfg, opts.Drafts, time.Now())
	r.Diags = append(r.Diags, d...)
	if posts != nil {
		s.NavByPlugin = map[*site.Page]bool{}
		for _, p := range posts.Posts {
			s.NavByPlugin[p.Page] = true
		}
	}
	loaded := <-theme
	th := loaded.theme
	r.Diags = append(r.Diags, loaded.diags...)
	r.Stats.Load = time.Since(start)
	if r.Diags.HasErrors() && len(s.Pages) == 0 {
		r.Diags.Sort()
		r.Diags = r.Diags.Bound()
		return r
	}

	// (Only serve's incremental builds compare the git state.)
	dates := readDates(cfg.DocsDir(), opts.Cache != nil && !opts.Cache.OnDisk())
	t := time.Now()
	hl := newHighlighter(opts)
	defer closeHighlighter(hl)
	lib, err := icons.ForTheme(cfg.CustomDir, cfg.Root)
	if err != nil {
		r.Diags.Warnf(cfg.Path, 0, 0, "icon", "reading the project's icons: %v", err)
	}
	generated := pages.GeneratedURLs(cfg)
	settings := buildstate.SettingsKey(cfg, generated, lib)
	conv, d := convert.New(cfg, s, hl, lib, settings)
	r.Diags = append(r.Diags, d...)
	// Links resolve as they did in the last build when the same pages,
	// files and folders exist: then they need no checking one by one.
	structure := buildstate.StructureKey(s, generated)
	base := append(diag.List(nil), r.Diags...) // the diagnostics not of one page
	plan, edit := planEdit(opts, s, editConverter(opts, conv, cfg, s, lib, settings), structure, settings, posts)
	var spill *cache.Spill
	var work []*convert.Page
	var reused int
	if edit {
		opts.Cache.state().SameStructure(structure) // (recorded for the next build)
		work, reused = plan.work, len(plan.work)-len(plan.edited)
		r.Stats.Cache.Edit = true
		r.pace = gc.forEdit()
	} else {
		gc.normal() // (relaxed for an edit, which this build is not)
		opts.Cache.state().Predecode()
		spill = spillPages(opts, len(s.Pages))
		defer spill.Close()
		work, reused = conv.All(convert.Options{
			Kept: opts.Cache.state().Conversions(), SameStructure: opts.Cache.state().SameStructure(structure),
			KeepSource: opts.KeepSource, Spill: spill,
			Done: func(done, total int) { opts.progress("converting", done, total) },
		})
	}
	// The pages are converted: the highlighted blocks the memo holds are
	// in their HTML already.
	_ = hl.Release()
	r.Stats.Cache.ConvReused = reused
	r.Stats.Cache.Converted = len(work) - reused
	r.Stats.Highlight = hl.Stats().String()
	convDiags := make(map[*site.Page]diag.List, len(work))
	for _, w := range work {
		convDiags[w.Page] = w.Diags()
		r.Diags = append(r.Diags, convDiags[w.Page]...)
		w.FinishTitle()
	}
	s.InferLevels()
	r.Read = snippetFiles(work)
	r.Stats.Convert = time.Since(t)

	g := &generator{
		prepared: &prepared{cfg: cfg, site: s, theme: th, icons: lib, blog: posts},
		opts:     opts, work: work, result: r, spill: spill, dates: dates,
	}
	if edit {
		g.edit = plan
		g.startKeeping(plan)
	}
	// The search index is built beside the rest when few pages changed,
	// from here on: what it reads of the pages (their conversions,
	// titles, URLs and levels) is final, and most of the rest of such a
	// build does not use both CPUs. (A build that converted many pages
	// builds it after them, when their HTML is let go of: the two
	// together would need the memory of both.)
	searched := make(chan struct{})
	search := func() {
		defer close(searched)
		t := time.Now()
		g.addSearch()
		r.Stats.Search = time.Since(t)
	}
	beside := r.Stats.Cache.Converted*10 < len(work)
	if beside {
		gc.relax()
		g.searchApart = true
		go search()
	}
	early := g.startSaving(beside)

	nav, d := s.BuildNav()
	r.Diags = append(r.Diags, d...)
	base = append(base, d...)
	pages.AddLevelNav(nav, cfg)
	pages.AddBlogNav(nav, posts)
	r.Nav = nav
	r.Converted = make(map[*site.Page]*markdown.Result, len(work))
	for _, w := range work {
		r.Converted[w.Page] = w.Res
	}
	byPage := make(map[*site.Page]*convert.Page, len(work))
	for _, w := range work {
		byPage[w.Page] = w
	}
	if posts != nil {
		var unread diag.List // (Finish reads the posts one by one)
		d := posts.Finish(func(p *site.Page) []byte {
			return byPage[p].HTML(func(d diag.List) { unread = append(unread, d...) })
		})
		r.Diags = append(append(r.Diags, unread...), d...)
	}
	drillSources, d := pages.CheckDrills(s, func(p *site.Page) *markdown.Result {
		if w := byPage[p]; w != nil {
			return w.Full(g.report)
		}
		return nil
	})
	r.Diags = append(r.Diags, d...)
	base = append(base, d...)
	if edit {
		g.linkDiags = plan.linkDiags // (the state's, checked again where a change reaches)
	} else {
		g.linkDiags = checkLinks(r, work)
	}
	for _, p := range s.Pages {
		r.Diags = append(r.Diags, g.linkDiags[p]...)
	}
	mark := len(r.Diags)

	t = time.Now()
	opts.progress("rendering", 0, len(work))
	g.nav, g.navR, g.drillSources = nav, render.NewNavRenderer(nav), drillSources
	if edit {
		g.backlinks = plan.backlinks
	} else {
		g.backlinks = site.NewBacklinks(s.Pages, func(p *site.Page) []site.LinkRef { return byPage[p].Linker.Refs })
	}
	g.prepare()
	if spill != nil {
		g.letGoOfLinks()
	}
	g.addPrintPages()
	if edit {
		g.renderEdited(plan)
	} else {
		g.renderPages(nil)
	}
	if edit && !plan.levelsChanged {
		g.keepLevelPages()
	} else {
		g.renderLevelPages()
	}
	g.renderTags()
	g.addBlogPages()
	g.render404()
	g.addRedirects()
	g.addNavLists()
	g.addAssets()
	g.addPublishingFiles()
	r.Stats.Render = time.Since(t)
	if !beside {
		if g.freeHTML() {
			g.navR.Forget() // the pages are rendered (serve's next build would reuse it)
			// What rendering let go of goes back to the system before the
			// index, whose allocations are of other sizes, is built.
			debug.FreeOSMemory()
		}
		opts.progress("search index", 0, 0)
		search()
	}
	<-searched
	g.mu.Lock()
	r.Diags = append(r.Diags, g.searchDiags...)
	g.searchApart, g.searchDiags = false, nil
	g.mu.Unlock()
	g.addSocialCards()
	g.addOffline()
	if opts.Output != nil {
		r.Files = nil
	} else if opts.Cache != nil && r.OK() {
		base = append(base, r.Diags[mark:]...)
		opts.Cache.remember(newSnapshot(opts, g, settings, generated, base, convDiags, g.linkDiags))
	}
	switch {
	case early != nil:
		if r.OK() {
			early.finish(true, g.summaries) // (worked out as the state is written)
		} else {
			early.finish(false, nil)
		}
		r.saving = early.saved
		if r.OK() {
			r.State = early.id
		}
	case !opts.Cache.state().OnDisk() || !r.OK():
	default:
		if id, err := g.saveState(); err == nil {
			r.State = id
		}
	}
	r.Pages = len(s.Pages)
	r.Assets = len(s.Assets)
	r.Diags.Sort()
	r.Diags = r.Diags.Bound()
	r.Stats.Total = time.Since(start)
	return r
}

// editConverter converts the pages whose text changed when the build may
// take the edit path: as conv does, with a highlighter of its own that
// keeps no cache on disk (a few pages' code is quick to highlight, and
// reading the cache's every block to find theirs is not); conv when the
// build takes the full path.
func editConverter(opts Options, conv *convert.Converter, cfg *project.Config, s *site.Site, lib *icons.Library, settings string) *convert.Converter {
	if !mayEdit(opts) {
		return conv
	}
	hl := newHighlighter(Options{})
	c, _ := convert.New(cfg, s, hl, lib, settings) // (its problems are conv's)
	return c
}

// themeLoad is a project's theme as render.LoadTheme loads it.
type themeLoad struct {
	theme *render.Theme
	diags diag.List
}

func loadTheme(dir, projectDir string) themeLoad {
	th, d := render.LoadTheme(dir, projectDir)
	return themeLoad{th, d}
}

// strictness is what makes link and nav warnings errors in this build.
func strictness(cfg *project.Config, opts Options) project.Strictness {
	switch {
	case opts.WarnLinks:
		return project.Strictness{}
	case opts.Strict:
		return project.Strictness{On: true, Source: "--strict"}
	}
	return cfg.Strict
}

// Project reads the project's config as a build of opts does (see
// project.Load).
func Project(opts Options) (*project.Config, diag.List) {
	return project.Load(project.Options{Source: opts.Source, ConfigPath: opts.ConfigPath, BaseURL: opts.BaseURL, ThemeDir: opts.ThemeDir, Repo: opts.Repo})
}

// Summary formats the one-line build summary.
func (r *Result) Summary(out string) string {
	return fmt.Sprintf("built %d pages, %d assets in %s → %s", r.Pages, r.Assets, r.Stats.Total.Round(time.Millisecond), out)
}

// checkLinks checks every page's links, setting the link graph (Refs,
// IDs), and returns each page's problems.
func checkLinks(r *Result, work []*convert.Page) map[*site.Page]diag.List {
	r.Refs = make(map[*site.Page][]site.LinkRef, len(work))
	r.IDs = make(map[*site.Page]map[string]bool, len(work))
	ids := make([]map[string]bool, len(work))
	par.For(len(work), func(i int) { ids[i] = idSet(work[i].Res.IDs) })
	for i, w := range work {
		r.Refs[w.Page] = w.Linker.Refs
		r.IDs[w.Page] = ids[i]
	}
	checked := make([]diag.List, len(work))
	par.For(len(work), func(i int) { checked[i] = r.Site.CheckPageLinks(work[i].Page, work[i].Linker.Refs, r.IDs) })
	linkDiags := make(map[*site.Page]diag.List, len(work))
	for i, w := range work {
		if len(checked[i]) > 0 {
			linkDiags[w.Page] = checked[i]
		}
	}
	return linkDiags
}

// snippetFiles lists the files the pages included and missed, sorted.
func snippetFiles(work []*convert.Page) []string {
	seen := map[string]bool{}
	for _, w := range work {
		for _, p := range slices.Concat(w.Res.Included, w.Res.Missing) {
			seen[p] = true
		}
	}
	return slices.Sorted(maps.Keys(seen))
}
