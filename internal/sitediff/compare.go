package sitediff

import (
	"io/fs"
	"slices"
	"sort"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Report is what changed between two builds of a site.
type Report struct {
	Old     string       `json:"old"` // what was compared: folders or git refs
	New     string       `json:"new"`
	Added   []PageInfo   `json:"added"`
	Removed []PageInfo   `json:"removed"`
	Changed []PageChange `json:"changed"`
	// Unchanged counts the pages in both builds that a reader sees alike.
	Unchanged   int         `json:"unchanged"`
	BrokenLinks LinkChanges `json:"brokenLinks"`
	Problems    *Problems   `json:"problems,omitempty"` // nil when the builds' diagnostics are unknown
	// OldErrors and NewErrors count the errors of each build (when known):
	// a build with errors may lack pages, which then count as removed.
	OldErrors int          `json:"oldErrors"`
	NewErrors int          `json:"newErrors"`
	Search    SearchChange `json:"search"`
	Weight    WeightChange `json:"weight"`
}

// PageInfo names a page.
type PageInfo struct {
	URL   string `json:"url"`  // "guide/setup/"
	File  string `json:"file"` // "guide/setup/index.html"
	Title string `json:"title"`
}

// PageChange is a page whose content changed.
type PageChange struct {
	PageInfo
	Changes      []Change `json:"changes"`
	LinksAdded   []Link   `json:"linksAdded,omitempty"`
	LinksRemoved []Link   `json:"linksRemoved,omitempty"`
}

// Change is one block added, removed or changed.
type Change struct {
	Op   string `json:"op"` // "added", "removed" or "changed"
	Kind string `json:"kind"`
	Text string `json:"text"`          // the new text (the old one for "removed")
	Old  string `json:"old,omitempty"` // the old text of a "changed" block
}

// LinkChanges are broken links that appeared or went away.
type LinkChanges struct {
	Introduced []BrokenLink `json:"introduced"`
	Fixed      []BrokenLink `json:"fixed"`
}

// Problem is a build diagnostic.
type Problem struct {
	Severity string `json:"severity"`
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Code     string `json:"code"`
	Message  string `json:"message"`
}

// Problems are diagnostics that appeared or went away.
type Problems struct {
	Introduced []Problem `json:"introduced"`
	Fixed      []Problem `json:"fixed"`
}

// SearchChange compares the search indexes.
type SearchChange struct {
	Old SearchStats `json:"old"`
	New SearchStats `json:"new"`
}

// WeightChange compares the sites' sizes and the pages whose weight (HTML
// and the files it loads) changed the most.
type WeightChange struct {
	OldTotal int64        `json:"oldTotal"`
	NewTotal int64        `json:"newTotal"`
	Pages    []PageWeight `json:"pages"`
}

// PageWeight is a page's weight in both builds.
type PageWeight struct {
	URL string `json:"url"`
	Old int64  `json:"old"`
	New int64  `json:"new"`
}

// maxWeightPages is how many pages the weight section lists.
const maxWeightPages = 10

// Compare compares two loaded sites.
func Compare(old, new *Site) *Report {
	changes := map[string]*PageChange{}
	for f, np := range new.Pages {
		if op, ok := old.Pages[f]; ok {
			if c, changed := comparePage(op, np); changed {
				changes[f] = &c
			}
		}
	}
	return report(old, new, changes)
}

// CompareFS compares two built sites read from fsys, page by page: each
// page's text is compared as soon as both versions are read, then only
// what the site-wide checks need (links, ids, sizes) is kept, so memory
// stays small however large the sites.
func CompareFS(oldFS, newFS fs.FS) (*Report, error) {
	old, oldHTML, err := list(oldFS)
	if err != nil {
		return nil, err
	}
	new, newHTML, err := list(newFS)
	if err != nil {
		return nil, err
	}
	files := append(oldHTML, newHTML...)
	sort.Strings(files)
	files = slices.Compact(files)
	oldPages := make([]*Page, len(files))
	newPages := make([]*Page, len(files))
	changes := make([]*PageChange, len(files))
	read := func(fsys fs.FS, s *Site, f string) (*Page, error) {
		if _, ok := s.Files[f]; !ok {
			return nil, nil
		}
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		return ParsePage(f, data), nil
	}
	err = each(len(files), func(i int) error {
		op, err := read(oldFS, old, files[i])
		if err != nil {
			return err
		}
		np, err := read(newFS, new, files[i])
		if err != nil {
			return err
		}
		if op != nil && np != nil {
			if c, changed := comparePage(op, np); changed {
				changes[i] = &c
			}
		}
		for _, p := range []*Page{op, np} {
			if p != nil {
				p.Blocks = nil // compared: only the links, ids and sizes are needed now
			}
		}
		oldPages[i], newPages[i] = op, np
		return nil
	})
	if err != nil {
		return nil, err
	}
	byFile := map[string]*PageChange{}
	for i, f := range files {
		if oldPages[i] != nil {
			old.Pages[f] = oldPages[i]
		}
		if newPages[i] != nil {
			new.Pages[f] = newPages[i]
		}
		if changes[i] != nil {
			byFile[f] = changes[i]
		}
	}
	return report(old, new, byFile), nil
}

// report lists the pages added, removed and changed (changes, by file),
// and compares the site-wide figures.
func report(old, new *Site, changes map[string]*PageChange) *Report {
	r := &Report{Added: []PageInfo{}, Removed: []PageInfo{}, Changed: []PageChange{}}
	for _, f := range sortedKeys(new.Pages) {
		if new.Pages[f].Copy || old.Pages[f] != nil && old.Pages[f].Copy {
			continue
		}
		switch c := changes[f]; {
		case old.Pages[f] == nil:
			r.Added = append(r.Added, info(new.Pages[f]))
		case c != nil:
			r.Changed = append(r.Changed, *c)
		default:
			r.Unchanged++
		}
	}
	for _, f := range sortedKeys(old.Pages) {
		if _, ok := new.Pages[f]; !ok && !old.Pages[f].Copy {
			r.Removed = append(r.Removed, info(old.Pages[f]))
		}
	}
	r.BrokenLinks = compareBroken(old.Broken(), new.Broken())
	r.Search = SearchChange{Old: old.Search, New: new.Search}
	r.Weight = compareWeight(old, new)
	return r
}

func info(p *Page) PageInfo { return PageInfo{URL: p.URL, File: p.File, Title: p.Title} }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func comparePage(old, new *Page) (PageChange, bool) {
	c := PageChange{PageInfo: info(new)}
	c.Changes = diffBlocks(old.Blocks, new.Blocks)
	c.LinksAdded, c.LinksRemoved = diffLinks(old.Links, new.Links)
	return c, len(c.Changes) > 0 || len(c.LinksAdded) > 0 || len(c.LinksRemoved) > 0
}

// diffBlocks diffs two pages' blocks as lines (one per block) with a Myers
// diff, then pairs a removed block with an added block of the same kind
// in the same place into one "changed" block.
func diffBlocks(old, new []Block) []Change {
	encode := func(bs []Block) string {
		var b strings.Builder
		for _, x := range bs {
			b.WriteString(x.Kind)
			b.WriteByte('\x1f')
			b.WriteString(strings.ReplaceAll(x.Text, "\n", " "))
			b.WriteByte('\n')
		}
		return b.String()
	}
	dmp := diffmatchpatch.New()
	a, b, lines := dmp.DiffLinesToChars(encode(old), encode(new))
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(a, b, false), lines)
	var out []Change
	var removed, added []Block
	flush := func() {
		n := 0
		for n < len(removed) && n < len(added) && removed[n].Kind == added[n].Kind {
			out = append(out, Change{Op: "changed", Kind: added[n].Kind, Text: added[n].Text, Old: removed[n].Text})
			n++
		}
		for _, x := range removed[n:] {
			out = append(out, Change{Op: "removed", Kind: x.Kind, Text: x.Text})
		}
		for _, x := range added[n:] {
			out = append(out, Change{Op: "added", Kind: x.Kind, Text: x.Text})
		}
		removed, added = removed[:0], added[:0]
	}
	for _, d := range diffs {
		blocks := decode(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			removed = append(removed, blocks...)
		case diffmatchpatch.DiffInsert:
			added = append(added, blocks...)
		default:
			flush()
		}
	}
	flush()
	return out
}

func decode(s string) []Block {
	var out []Block
	for _, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		if line == "" {
			continue
		}
		kind, text, _ := strings.Cut(line, "\x1f")
		out = append(out, Block{Kind: kind, Text: text})
	}
	return out
}

// diffLinks lists the link targets (with their text) found in only one of
// the pages, counting repeats.
func diffLinks(old, new []Link) (added, removed []Link) {
	key := func(l Link) string { return l.Target + "\x00" + l.Text }
	count := map[string]int{}
	for _, l := range old {
		count[key(l)]++
	}
	for _, l := range new {
		if count[key(l)] > 0 {
			count[key(l)]--
			continue
		}
		added = append(added, l)
	}
	remaining := map[string]int{}
	for _, l := range new {
		remaining[key(l)]++
	}
	for _, l := range old {
		if remaining[key(l)] > 0 {
			remaining[key(l)]--
			continue
		}
		removed = append(removed, l)
	}
	return added, removed
}

func compareBroken(old, new []BrokenLink) LinkChanges {
	key := func(b BrokenLink) string { return b.Page + "\x00" + b.Href + "\x00" + b.Problem }
	return LinkChanges{Introduced: minus(new, old, key), Fixed: minus(old, new, key)}
}

// minus is the items of a not in b (as multisets), in a's order.
func minus[T any](a, b []T, key func(T) string) []T {
	count := map[string]int{}
	for _, x := range b {
		count[key(x)]++
	}
	out := []T{}
	for _, x := range a {
		if count[key(x)] > 0 {
			count[key(x)]--
			continue
		}
		out = append(out, x)
	}
	return out
}

// CompareProblems lists the diagnostics of the new build that the old one
// did not have, and the other way round. A diagnostic is known by its
// file, code and message: one that only moved to another line is the same.
func CompareProblems(old, new []Problem) *Problems {
	key := func(p Problem) string { return p.Severity + "\x00" + p.Path + "\x00" + p.Code + "\x00" + p.Message }
	return &Problems{Introduced: minus(new, old, key), Fixed: minus(old, new, key)}
}

func compareWeight(old, new *Site) WeightChange {
	w := WeightChange{}
	for _, n := range old.Files {
		w.OldTotal += n
	}
	for _, n := range new.Files {
		w.NewTotal += n
	}
	for _, f := range sortedKeys(new.Pages) {
		op, ok := old.Pages[f]
		if !ok || op.Copy || new.Pages[f].Copy {
			continue
		}
		ow, nw := old.Weight(op), new.Weight(new.Pages[f])
		// Changes of under 1 KB and 2% are noise (a word, a date).
		if d := abs(nw - ow); d >= 1024 || d*50 >= ow && d > 0 {
			w.Pages = append(w.Pages, PageWeight{URL: new.Pages[f].URL, Old: ow, New: nw})
		}
	}
	sort.SliceStable(w.Pages, func(i, j int) bool {
		return abs(w.Pages[i].New-w.Pages[i].Old) > abs(w.Pages[j].New-w.Pages[j].Old)
	})
	if len(w.Pages) > maxWeightPages {
		w.Pages = w.Pages[:maxWeightPages]
	}
	if w.Pages == nil {
		w.Pages = []PageWeight{}
	}
	return w
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
