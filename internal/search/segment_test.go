package search

import (
	"bytes"
	"errors"
	"maps"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"handbook/internal/search/invert"
)

// The edit tests again, with the sections cut into many segments (a
// small site's are one): an edit reads and splices the parts of the
// segments it reaches, and keeps the others' files.
func TestEditsPatchTheIndexInSegments(t *testing.T) {
	defer invert.SetMinSegment(8)()
	TestEditsPatchTheIndex(t)
}

func TestBuildPagesFromCacheIsBuildInSegments(t *testing.T) {
	defer invert.SetMinSegment(4)()
	TestBuildPagesFromCacheIsBuild(t)
}

// segmentSite is a site cut into many segments, its cache saved (its
// manifest and segment files) and the files it published.
func segmentSite(t *testing.T) (pages []Page, opts Options, manifest []byte, segs, published map[string][]byte) {
	t.Helper()
	r := rand.New(rand.NewSource(11))
	pages = pagesOf(r, vocabulary(300), 200)
	opts = Options{FirstTier: 4, ShardBytes: 2048, ChunkDocs: 4}
	files, _, next, err := BuildPages(Input{Pages: pages}, opts)
	if err != nil {
		t.Fatal(err)
	}
	manifest, segs = next.Encode()
	if len(segs) < 10 {
		t.Fatalf("%d segment files, want many", len(segs))
	}
	return pages, opts, manifest, segs, files
}

// buildFrom builds pages from cache c (the cached pages given lazily),
// reading again every page the cache cannot give, as the build's search
// stage does; it returns the files (with those kept from published) and
// the segments the next cache writes.
func buildFrom(t *testing.T, pages []Page, c *Cache, opts Options, published map[string][]byte) (map[string][]byte, map[string][]byte) {
	t.Helper()
	in := Input{Cache: c, Previous: func(name string) []byte { return published[name] }}
	for _, p := range pages {
		if c.Has(p.Key) {
			p = lazy(p)
		}
		in.Pages = append(in.Pages, p)
	}
	for try := 0; ; try++ {
		files, kept, next, err := BuildPages(in, opts)
		var more *ErrNeedDocs
		if errors.As(err, &more) && try == 0 {
			more.ReadAgain(&in)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		got := maps.Clone(files)
		for _, k := range kept {
			got[k] = published[k]
		}
		written := map[string][]byte{}
		if _, err := next.WriteSegments(func(name string, body []byte) error {
			written[name] = body
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return got, written
	}
}

// sameFiles fails unless got holds exactly want's files.
func sameFiles(t *testing.T, what string, got, want map[string][]byte) {
	t.Helper()
	for n, b := range want {
		if !bytes.Equal(got[n], b) {
			t.Fatalf("%s: %s differs from a build from scratch", what, n)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%s: %d files, want %d", what, len(got), len(want))
	}
}

// A one-page edit reads the segment files of the segments its page is in
// and no other, and writes one segment file anew: the next cache names
// the others as they are.
func TestEditReadsAndWritesItsSegmentsOnly(t *testing.T) {
	defer invert.SetMinSegment(8)()
	pages, opts, manifest, segs, published := segmentSite(t)
	read := map[string]bool{}
	c, err := DecodeCache(manifest, func(name string) ([]byte, bool) {
		read[name] = true
		b, ok := segs[name]
		return b, ok
	})
	if err != nil {
		t.Fatal(err)
	}
	i := 101
	pages[i] = editDocs(pages[i], func(docs []Doc) []Doc {
		words := strings.Fields(docs[0].Text)
		docs[0].Text = strings.Join(append(words[1:], words[0]), " ")
		return docs
	})
	want, err := Build(allDocs(pages), opts)
	if err != nil {
		t.Fatal(err)
	}
	got, written := buildFrom(t, pages, c, opts, published)
	sameFiles(t, "one page edited", got, want)
	if len(read) == 0 || len(read) > 2 || len(written) == 0 || len(written) > 2 {
		t.Errorf("%d segment files read and %d written of %d, want one or two", len(read), len(written), len(segs))
	}
}

// A damaged, missing or foreign segment file, or a damaged manifest,
// never crashes a build: the cache is not used where it is damaged, and
// the build reads the pages again; its files are a build from scratch's.
func TestDamagedSegmentsAreNotUsed(t *testing.T) {
	defer invert.SetMinSegment(8)()
	damages := map[string]func(name string, b []byte, others map[string][]byte) ([]byte, bool){
		"missing":   func(string, []byte, map[string][]byte) ([]byte, bool) { return nil, false },
		"empty":     func(string, []byte, map[string][]byte) ([]byte, bool) { return []byte{}, true },
		"cut short": func(_ string, b []byte, _ map[string][]byte) ([]byte, bool) { return b[:len(b)/2], true },
		"a byte changed": func(_ string, b []byte, _ map[string][]byte) ([]byte, bool) {
			b = bytes.Clone(b)
			b[len(b)*2/3] ^= 0x40
			return b, true
		},
		"another segment's bytes": func(name string, b []byte, others map[string][]byte) ([]byte, bool) {
			for n, o := range others {
				if n != name && len(o) == len(b) {
					return o, true
				}
			}
			return slices.Concat(b, []byte{0}), true
		},
		"of another version": func(_ string, b []byte, _ map[string][]byte) ([]byte, bool) {
			b = bytes.Clone(b)
			b[len("hb-seg")]++
			return b, true
		},
	}
	for what, damage := range damages {
		t.Run(what, func(t *testing.T) {
			pages, opts, manifest, segs, published := segmentSite(t)
			c, err := DecodeCache(manifest, func(name string) ([]byte, bool) { return damage(name, segs[name], segs) })
			if err != nil {
				t.Fatal(err)
			}
			i := 57
			pages[i] = editDocs(pages[i], func(docs []Doc) []Doc {
				docs[0].Text += " brandnew"
				return docs
			})
			want, err := Build(allDocs(pages), opts)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := buildFrom(t, pages, c, opts, published)
			sameFiles(t, what, got, want)
		})
	}
	// The manifest cut short or changed is not read.
	_, _, manifest, segs, _ := segmentSite(t)
	for _, b := range [][]byte{manifest[:len(manifest)/2], manifest[:0], append(bytes.Clone(manifest[:len(manifest)-5]), 1, 2, 3, 4, 5)} {
		if _, err := DecodeCache(b, openIn(segs)); err == nil {
			t.Errorf("a damaged manifest of %d bytes read", len(b))
		}
	}
}

// The manifest grows with a site's pages by little more than each page's
// key and its sections' lengths: the pages' records are in the segment
// files with the postings, read and written only where an edit reaches.
func TestManifestGrowsByKeysAndLengths(t *testing.T) {
	words := vocabulary(300)
	size := func(n int) int {
		pages := pagesOf(rand.New(rand.NewSource(5)), words, n)
		for i := range pages { // (no page's number in its title: as many terms)
			pages[i] = editDocs(pages[i], func(docs []Doc) []Doc {
				for j := range docs {
					docs[j].Page = words[i%len(words)]
				}
				return docs
			})
		}
		// (a term's first tier as large at either size)
		_, _, next, err := BuildPages(Input{Pages: pages}, Options{FirstTier: 16})
		if err != nil {
			t.Fatal(err)
		}
		manifest, _ := next.Encode()
		return len(manifest)
	}
	small, large := size(2000), size(4000)
	// (a key is 32 bytes; two sections' lengths and levels a few more)
	if per := float64(large-small) / 2000; per > 48 {
		t.Errorf("the manifest grows by %.1f bytes a page (%d bytes at 2,000 pages, %d at 4,000), want at most 48", per, small, large)
	}
}
