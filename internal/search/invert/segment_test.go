package invert

import (
	"bytes"
	"math/rand"
	"testing"

	"handbook/internal/cache"
)

// savedStore is a store of pages cut into many segments, saved: its
// manifest (the store's encoding) and segment files.
func savedStore(t testing.TB) (pages []Page, manifest []byte, files map[string][]byte) {
	defer SetMinSegment(4)()
	pages = randomPages(rand.New(rand.NewSource(9)), "p", 40, []string{"one", "two", "three", "four", "five", "six"})
	a, _ := Pages(pages, nil, nil, true, nil)
	ix := a.Index()
	var l List
	for t := range ix.Terms {
		ix.Read(t, &l)
	}
	manifest, files = save(t, ix.Next())
	return pages, manifest, files
}

// FuzzSegmentFile: a segment file that passes its check (its name is
// its bytes' hash) but whose parts are not postings, or whose records are
// not the records of its pages, never panics a build reading the store,
// nor an edit: it is damaged postings or records.
func FuzzSegmentFile(f *testing.F) {
	pages, manifest, files := savedStore(f)
	for _, b := range files {
		f.Add(b)
		// (its records cut short, and one too many)
		f.Add(b[:len(b)-3])
		f.Add(append(bytes.Clone(b), 2, 1, 0))
	}
	edit := pages[3]
	edit.Docs = append([]Doc(nil), edit.Docs...)
	edit.Docs[0].Text += " one seven"
	edit.Key = cache.NewKey().Str("edited").Sum()
	f.Fuzz(func(t *testing.T, seg []byte) {
		s, err := DecodeStore(cache.NewDec(manifest), func(name string) ([]byte, bool) { return files[name], true })
		if err != nil {
			t.Fatal(err)
		}
		// The segment file of the page edited (its record, and the
		// parts of that segment) is read from seg.
		file := s.pages[3].from.file
		file.name, file.size = segmentName(seg), len(seg)
		file.open = func(string) ([]byte, bool) { return seg, true }
		var given []Page
		for _, p := range pages {
			given = append(given, Page{Key: p.Key})
		}
		given[3] = edit
		a, _ := Pages(given, s, nil, true, nil)
		if a == nil {
			return
		}
		if ed, ok := a.Edit(1000); ok {
			var l List
			for k := range ed.Touched {
				ed.Splice(k)
				ed.Same(k)
				ed.Changes(k, &l)
				if te := ed.Touched[k]; te.Term >= 0 {
					ed.Read(k, &l)
					ed.Positions(te.Term, []int32{0, 3, 7, 50, 90}, func(int, []uint16) {})
				}
			}
		}
		ix := a.Index()
		var l List
		for t := range ix.Terms {
			ix.Read(t, &l)
		}
	})
}
