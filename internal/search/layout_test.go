package search

import (
	"math/rand"
	"slices"
	"testing"

	"handbook/internal/cache"
)

// sameSections, comparing pages, agrees with comparing every section of
// the range, whatever the pages (some without sections, some moved, some
// of other keys or counts), and refs are the sections one by one.
func TestSameSectionsAgreesWithEverySection(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	keys := make([]cache.Key, 6)
	for i := range keys {
		keys[i][0] = byte(i)
	}
	layout := func(n int) ([]Page, []int) {
		pages, counts := make([]Page, n), make([]int, n)
		for i := range pages {
			pages[i].Key, counts[i] = keys[r.Intn(len(keys))], r.Intn(4)
		}
		return pages, counts
	}
	every := func(pages []Page, counts []int) []docRef {
		var out []docRef
		for i, p := range pages {
			for j := range counts[i] {
				out = append(out, docRef{p.Key, j})
			}
		}
		return out
	}
	for range 2000 {
		pa, ca := layout(r.Intn(8))
		pb, cb := slices.Clone(pa), slices.Clone(ca)
		if r.Intn(3) > 0 { // (mostly the same pages, one changed)
			pb, cb = layout(r.Intn(8))
		} else if len(pb) > 0 {
			k := r.Intn(len(pb))
			pb[k].Key, cb[k] = keys[r.Intn(len(keys))], r.Intn(4)
		}
		a, b := pagesLayout(pa, ca), pagesLayout(pb, cb)
		ea, eb := every(pa, ca), every(pb, cb)
		if got := a.refs(0, a.total()); !slices.Equal(got, ea) {
			t.Fatalf("refs %v, want %v", got, ea)
		}
		lo := r.Intn(max(len(ea), 1) + 1)
		hi := lo + r.Intn(max(len(ea), 1)+1)
		want := hi <= len(ea) && hi <= len(eb) && slices.Equal(ea[lo:hi], eb[lo:hi]) || lo >= hi
		if got := sameSections(a, b, lo, hi); got != want {
			t.Fatalf("sameSections(%v, %v, %d, %d) = %v, want %v", ea, eb, lo, hi, got, want)
		}
	}
}
