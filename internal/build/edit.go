package build

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"

	"handbook/internal/blog"
	"handbook/internal/buildstate"
	"handbook/internal/convert"
	"handbook/internal/diag"
	"handbook/internal/pages"
	"handbook/internal/par"
	"handbook/internal/site"
)

// A build run from the command line after the text of a few pages changed
// (and nothing else: the build stamp lists what changed, see
// Options.Changed) redoes only what those pages show, as serve's
// incremental builds do (see incremental.go), from the state the last
// build saved: the other pages' conversions stay in the state, read only
// when a change touches them; their links' problems and their rendering's
// are those the state recorded; their files stay in the output folder as
// they are. It is planned before anything is written: a change it does
// not handle (front matter, a page's title, the tags index, whether the
// site draws diagrams or math, a conversion the state cannot give back)
// leaves the build to the full path.

// editShare: a build takes the edit path when at most one page in
// editShare changed (or one page of a smaller site).
var editShare = 10

// editPlan is how a build redoes the pages whose text changed.
type editPlan struct {
	work   []*convert.Page // every page: the changed ones converted anew, the others as stored
	edited []*edited
	// linkDiags are every page's link problems: those the state recorded,
	// or checked again (the changed pages, and those linking into a
	// changed page whose ids changed).
	linkDiags map[*site.Page]diag.List
	// renderDiags are the problems rendering each page gave in the last
	// build.
	renderDiags map[*site.Page]diag.List
	// backlinks are the backlinks of the pages of rerender (see
	// backlinksOf for any page's).
	backlinks site.Backlinks
	// rerender are the pages to render again (the changed pages, and
	// those whose backlinks changed; the build adds the drills showing a
	// changed page); every other page's file is kept as it is.
	rerender map[*site.Page]bool
	// targetsNow are the places of the pages each changed page's links
	// lead to now (by its place); the other pages' are the state's.
	targetsNow map[int][]int
	site       *site.Site
	last       []buildstate.Page
	allOnce    sync.Once
	all        site.Backlinks // every page's backlinks, when asked for
	// levelsChanged: what the level pages show of a changed page changed:
	// they are made again, from every page's conversion.
	levelsChanged bool

	at map[*site.Page]int // each page's place in work
}

// edited is a page whose text changed: its conversion now, and the one
// the last build made.
type edited struct {
	at  int
	now *convert.Page
	was buildstate.Conversion
	// wasLinkedTo are the pages its links led to then (by place in work).
	wasLinkedTo []int
}

// mayEdit reports whether a build of opts may take the edit path, from
// what changed and the state read (before the site is loaded).
func mayEdit(opts Options) bool {
	last := opts.Cache.state().LastPages()
	return opts.Changed != nil && last != nil && len(opts.Changed) <= max(len(last)/editShare, 1)
}

// planEdit plans the edit path of a build of site s, whose changed pages
// conv converts (see editConverter), with this structure, settings key
// and blog; false when the build takes the full path. It writes nothing.
func planEdit(opts Options, s *site.Site, conv *convert.Converter, structure, settings string, posts *blog.Blog) (*editPlan, bool) {
	c := opts.Cache.state()
	last := c.LastPages()
	if _, ok := opts.Output.(hashedOutput); !ok || !mayEdit(opts) || posts != nil || len(last) != len(s.Pages) || c.LastStructure() != structure {
		return nil, false
	}
	plan := &editPlan{work: make([]*convert.Page, len(s.Pages)), at: make(map[*site.Page]int, len(s.Pages))}
	wd, err := os.Getwd() // (once: filepath.Abs asks each time)
	if err != nil {
		return nil, false
	}
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return filepath.Clean(p)
		}
		return filepath.Join(wd, p)
	}
	for i, p := range s.Pages {
		if p.Src != last[i].Src {
			return nil, false
		}
		plan.at[p] = i
	}
	changed := map[int]bool{}
	for _, name := range opts.Changed {
		i, ok := pageAt(s, plan.at, abs, name)
		if !ok {
			return nil, false // not a page
		}
		changed[i] = true
	}
	// A page whose file did not change is parsed as it was; one whose
	// file changed keeps its front matter. Those whose text is the same
	// are as stored (made on every CPU: there are as many as pages).
	same := make([]bool, len(s.Pages))
	par.For(len(s.Pages), func(i int) {
		if same[i] = buildstate.ConversionKey(settings, s.Pages[i]) == last[i].Key; same[i] {
			plan.work[i] = conv.Stored(s.Pages[i], &last[i])
		}
	})
	for i, p := range s.Pages {
		if changed[i] {
			rec, ok := c.LastLoad(p.Src)
			if !ok || !reflect.DeepEqual(rec.Page.FM, p.FM) || rec.Page.IsIndex != p.IsIndex {
				return nil, false
			}
		}
		switch {
		case same[i]: // (as stored, above)
		case !changed[i]:
			return nil, false
		default:
			e, ok := editOf(opts, s, conv, last[i], p)
			if !ok {
				return nil, false
			}
			e.at = i
			plan.work[i] = e.now
			plan.edited = append(plan.edited, e)
		}
	}
	for _, w := range plan.work {
		if !w.DepsHold() {
			return nil, false // (a snippet it read changed: a page, then)
		}
	}
	if !plan.sameSiteWide(last) || !plan.checkLinks(s, last) || !plan.drillsReadable(s) {
		return nil, false
	}
	plan.relink(s, last)
	plan.rerenderDrills(s)
	for _, e := range plan.edited {
		if pages.LevelSignature(e.now.Page, e.was.Res, s.Config.Description) != pages.LevelSignature(e.now.Page, e.now.Res, s.Config.Description) {
			plan.levelsChanged = true
		}
	}
	if plan.levelsChanged && len(s.Config.Levels) > 0 && !plan.allReadable() {
		return nil, false
	}
	return plan, true
}

// pageAt is the place of the page whose file is name (by place in at),
// found by its path in the content folder (not by every page's absolute
// path: a few files changed, of many pages); false when name is not a
// page's file.
func pageAt(s *site.Site, at map[*site.Page]int, abs func(string) string, name string) (int, bool) {
	content := filepath.FromSlash(s.Config.ContentDir) // (as site.Load joins it)
	if !filepath.IsAbs(content) {
		content = filepath.Join(s.Root, content)
	}
	rel, err := filepath.Rel(abs(content), abs(name))
	if err != nil {
		return 0, false
	}
	p := s.Page(filepath.ToSlash(rel))
	if p == nil || abs(p.Abs) != abs(name) {
		return 0, false
	}
	i, ok := at[p]
	return i, ok
}

// editOf converts page p, whose text changed, anew; false when the change
// shows beyond the page: its title (from its first H1), or whether it is
// the tags index.
func editOf(opts Options, s *site.Site, conv *convert.Converter, last buildstate.Page, p *site.Page) (*edited, bool) {
	was, ok := last.Conv.Unpack(s)
	if !ok {
		return nil, false
	}
	now := conv.One(p, opts.KeepSource)
	if p.FM.Title == "" && now.Res.Title != was.Res.Title || now.TagsMarker != was.TagsMarker {
		return nil, false
	}
	return &edited{now: now, was: was, wasLinkedTo: last.Sum.Targets}, true
}

// sameSiteWide reports whether the site still needs the diagrams and math
// libraries it needed (whether the pages load them).
func (plan *editPlan) sameSiteWide(last []buildstate.Page) bool {
	var mermaid, math [2]bool
	for i, p := range last {
		mermaid[0], math[0] = mermaid[0] || p.Sum.HasMermaid, math[0] || p.Sum.HasMath
		r := plan.work[i].Res
		mermaid[1], math[1] = mermaid[1] || r.HasMermaid, math[1] || r.HasMath
	}
	return mermaid[0] == mermaid[1] && math[0] == math[1]
}

// checkLinks sets every page's link problems: those the state recorded,
// checked again for the changed pages and, when a changed page's ids
// changed, for the pages linking into it; false when a conversion this
// needs cannot be read.
func (plan *editPlan) checkLinks(s *site.Site, last []buildstate.Page) bool {
	plan.linkDiags = map[*site.Page]diag.List{}
	plan.renderDiags = map[*site.Page]diag.List{}
	for i, w := range plan.work {
		if d := last[i].Sum.LinkDiags; len(d) > 0 {
			plan.linkDiags[w.Page] = d
		}
		if d := last[i].Sum.RenderDiags; len(d) > 0 {
			plan.renderDiags[w.Page] = d
		}
	}
	recheck := map[int]bool{}
	for _, e := range plan.edited {
		recheck[e.at] = true
		if !reflect.DeepEqual(idSet(e.was.Res.IDs), idSet(e.now.Res.IDs)) {
			for j := range last {
				if slices.Contains(last[j].Sum.Targets, e.at) {
					recheck[j] = true
				}
			}
		}
	}
	ids := map[*site.Page]map[string]bool{}
	for i := range recheck {
		w := plan.work[i]
		if !w.Readable() {
			return false
		}
		refs := w.Links()
		for _, r := range refs {
			if r.Target == nil || r.Fragment == "" || ids[r.Target] != nil {
				continue
			}
			j, ok := plan.at[r.Target]
			if !ok {
				continue // (not a page of this site: no ids, as the full path has)
			}
			t := plan.work[j]
			if !t.Readable() {
				return false
			}
			ids[r.Target] = idSet(t.Full(ignore).IDs)
		}
		plan.linkDiags[w.Page] = s.CheckPageLinks(w.Page, refs, ids)
	}
	return true
}

// ignore ignores problems (of reading conversions found readable).
func ignore(diag.List) {}

// drillsReadable reports whether the conversion of every drill's source
// can be read (the drills are cut from it).
func (plan *editPlan) drillsReadable(s *site.Site) bool {
	for _, p := range s.Pages {
		if p.FM.Drill == nil {
			continue
		}
		if src, _ := s.DrillSource(p); src != nil && !plan.work[plan.at[src]].Readable() {
			return false
		}
	}
	return true
}

// relink works out which pages' backlinks the changed pages' links
// change (those are rendered again, with the changed pages), and the
// backlinks of the pages rendered again: the last build's, with the
// changed pages' links now. Only these pages' backlinks are gathered
// (see backlinksOf).
func (plan *editPlan) relink(s *site.Site, last []buildstate.Page) {
	plan.site, plan.last = s, last
	plan.targetsNow = make(map[int][]int, len(plan.edited))
	plan.rerender = map[*site.Page]bool{}
	for _, e := range plan.edited {
		var now []int
		for _, t := range site.LinkTargets(e.now.Page, e.now.Linker.Refs) {
			if j, ok := plan.at[t]; ok {
				now = append(now, j)
			}
		}
		slices.Sort(now)
		plan.targetsNow[e.at] = now
		plan.rerender[e.now.Page] = true
		for _, t := range e.wasLinkedTo {
			if !slices.Contains(now, t) {
				plan.rerender[s.Pages[t]] = true // (a link to it went)
			}
		}
		for _, t := range now {
			if !slices.Contains(e.wasLinkedTo, t) {
				plan.rerender[s.Pages[t]] = true // (a link to it came)
			}
		}
	}
	plan.backlinks = plan.gatherBacklinks(plan.rerender)
}

// rerenderDrills adds the drills showing a changed page (their cards
// come from it) to the pages rendered again, as the drills' sources
// (pages.CheckDrills) would tell, so that the pages kept are known before
// the build renders.
func (plan *editPlan) rerenderDrills(s *site.Site) {
	added := false
	for _, p := range s.Pages {
		if p.FM.Drill == nil || plan.rerender[p] {
			continue
		}
		if src, _ := s.DrillSource(p); src != nil && plan.changed(src) {
			plan.rerender[p], added = true, true
		}
	}
	if added {
		plan.backlinks = plan.gatherBacklinks(plan.rerender)
	}
}

// changed reports whether p's text changed.
func (plan *editPlan) changed(p *site.Page) bool {
	for _, e := range plan.edited {
		if e.now.Page == p {
			return true
		}
	}
	return false
}

// targetsOf are the places of the pages the page at i links to now.
func (plan *editPlan) targetsOf(i int) []int {
	if now, ok := plan.targetsNow[i]; ok {
		return now
	}
	return plan.last[i].Sum.Targets
}

// gatherBacklinks are the backlinks of the pages of want (all pages when
// nil), from the pages' links now, each list sorted as
// site.NewBacklinks sorts it.
func (plan *editPlan) gatherBacklinks(want map[*site.Page]bool) site.Backlinks {
	b := site.Backlinks{}
	pages := plan.site.Pages
	for i, p := range pages {
		for _, t := range plan.targetsOf(i) {
			if to := pages[t]; want == nil || want[to] {
				b[to] = append(b[to], p)
			}
		}
	}
	for _, from := range b { // (in the pages' order already, which is by Src)
		slices.SortFunc(from, func(a, b *site.Page) int { return strings.Compare(a.Src, b.Src) })
	}
	return b
}

// backlinksOf are the backlinks of page p: those relink gathered, or,
// for a page it did not expect to be rendered (its file was not kept),
// from every page's links, gathered once.
func (plan *editPlan) backlinksOf(p *site.Page) []*site.Page {
	if plan.rerender[p] {
		return plan.backlinks[p]
	}
	plan.allOnce.Do(func() { plan.all = plan.gatherBacklinks(nil) })
	return plan.all[p]
}

// allReadable reads every stored conversion, and reports whether each
// can be read.
func (plan *editPlan) allReadable() bool {
	bad := make([]bool, len(plan.work))
	par.For(len(plan.work), func(i int) { bad[i] = !plan.work[i].Readable() })
	return !slices.Contains(bad, true)
}
