package search

import (
	"sort"

	"handbook/internal/cache"
	"handbook/internal/search/invert"
)

// sectionLayout is the sections of a build's pages, in order: each page's
// key and first section. The chunk files hold them, chunkDocs sections a
// file and chunkGroup files a group. A layout is compared and cut into
// chunks where needed, without making the list of every section (some
// 900,000 at 100,000 pages): an edit that touches one group of chunks
// costs that group's work.
type sectionLayout struct {
	pages int
	key   func(i int) cache.Key
	first func(i int) int // page i's first section; first(pages) is the total
}

// pagesLayout is the layout of pages, each of counts[i] sections (their
// keys copied: the next build's Cache has it, and the caller's pages may
// change).
func pagesLayout(pages []Page, counts []int) sectionLayout {
	keys, firsts := make([]cache.Key, len(pages)), make([]int32, len(pages)+1)
	for i := range pages {
		keys[i], firsts[i+1] = pages[i].Key, firsts[i]+int32(counts[i])
	}
	return sectionLayout{pages: len(pages),
		key:   func(i int) cache.Key { return keys[i] },
		first: func(i int) int { return int(firsts[i]) }}
}

// storeLayout is the layout of the store's pages.
func storeLayout(s *invert.Store) sectionLayout {
	return sectionLayout{pages: s.Pages(), key: s.Key, first: s.First}
}

// total is the layout's number of sections (none for a layout not made).
func (l sectionLayout) total() int {
	if l.first == nil {
		return 0
	}
	return l.first(l.pages)
}

// pageAt is the page holding section s (< total).
func (l sectionLayout) pageAt(s int) int {
	return sort.Search(l.pages, func(i int) bool { return l.first(i+1) > s })
}

// refs are sections [lo, hi) (hi ≤ total).
func (l sectionLayout) refs(lo, hi int) []docRef {
	out := make([]docRef, 0, max(hi-lo, 0))
	for s, i := lo, l.pageAt(lo); s < hi; i++ {
		first, end := l.first(i), min(l.first(i+1), hi)
		for ; s < end; s++ {
			out = append(out, docRef{l.key(i), s - first})
		}
	}
	return out
}

// sameSections reports whether sections [lo, hi) of a and b are the same
// (each the same page's, at the same place on it), comparing pages, not
// sections.
func sameSections(a, b sectionLayout, lo, hi int) bool {
	if lo >= hi {
		return true
	}
	if a.total() < hi || b.total() < hi {
		return false
	}
	i, j := a.pageAt(lo), b.pageAt(lo)
	for s := lo; s < hi; {
		for a.first(i+1) <= s { // (pages without sections)
			i++
		}
		for b.first(j+1) <= s {
			j++
		}
		if a.first(i) != b.first(j) || a.key(i) != b.key(j) {
			return false
		}
		s = min(a.first(i+1), b.first(j+1))
	}
	return true
}

// sameLayout reports whether a and b are the same sections.
func sameLayout(a, b sectionLayout) bool {
	return a.total() == b.total() && sameSections(a, b, 0, a.total())
}

// chunkGroups is the number of groups of chunk files of total sections.
func chunkGroups(total, chunkDocs int) int {
	chunks := (total + chunkDocs - 1) / chunkDocs
	return (chunks + chunkGroup - 1) / chunkGroup
}
