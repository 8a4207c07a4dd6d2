package buildstate

import (
	"bytes"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"handbook/internal/cache"
	"handbook/internal/markdown"
	"handbook/internal/project"
	"handbook/internal/site"
	"handbook/internal/sitetest"
)

type searchBytes []byte

func (s searchBytes) WriteTo(w io.Writer) (int64, error) {
	n, err := w.Write(s)
	return int64(n), err
}

func (s searchBytes) WriteSegments(func(string, []byte) error) ([]string, error) { return nil, nil }

func savedState(t testing.TB) (string, cache.Key, Saving) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "state-x.bin")
	key := cache.NewKey().Str("settings").Sum()
	res := filled[markdown.Result]()
	for i := range res.Sections {
		res.Sections[i].Text, res.Sections[i].Code = "", "" // never saved
	}
	ref := filled[site.LinkRef]()
	ref.Target = &site.Page{Src: "b.md"}
	a, b := filled[site.LoadRecord](), filled[site.LoadRecord]()
	conv := Conversion{Res: &res, Refs: []site.LinkRef{ref}, Deps: []FileDep{{path: "snip.md", sum: [32]byte{1}}}, TagsMarker: true}
	s := Saving{
		Structure: "structure",
		Loads:     []site.SavedLoad{{Src: a.Src, Rec: &a}, {Src: b.Src, Rec: &b}},
		Pages:     []Page{{Src: "a.md", Key: cache.NewKey().Str("a").Sum(), Conv: conv, Sum: summary(1)}, {Src: "b.md", Key: cache.NewKey().Str("b").Sum(), Conv: conv, Sum: summary(0)}},
		WithHTML:  true,
		Outputs:   map[string]cache.Key{"a/index.html": cache.NewKey().Str("html").Sum()},
		Search:    searchBytes("the search index's cache"),
	}
	return file, key, s
}

// summary is a summary with every field set, whose link leads to the
// page at target.
func summary(target int) Summary {
	sum := filled[Summary]()
	sum.Targets = []int{target}
	return sum
}

// What Write saves, Read gives back: each file's parse, each page's
// conversion (once unpacked, its link targets as stand-ins with their
// source path), the output keys and the search cache saved beside it.
func TestStateRoundTrips(t *testing.T) {
	file, key, s := savedState(t)
	id, err := Write(file, key, s)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := Read(file, key)
	if !ok {
		t.Fatal("the state saved is not read")
	}
	srcs, raws := got.LoadRaws()
	var loads []site.LoadRecord
	for i, raw := range raws {
		r, ok := LoadRecord(raw)
		if !ok || r.Src != srcs[i] {
			t.Fatalf("load record %d is not read back (%v, path %q of %q)", i, ok, srcs[i], r.Src)
		}
		if r.Raw == nil {
			t.Errorf("load record %d is read without its bytes", i)
		}
		r.Raw = nil
		loads = append(loads, r)
	}
	var saved []site.LoadRecord
	for _, l := range s.Loads {
		saved = append(saved, *l.Rec)
	}
	if got.ID != id || got.Structure != s.Structure || !reflect.DeepEqual(loads, saved) || !reflect.DeepEqual(got.Outputs, s.Outputs) || string(got.Search) != string(s.Search.(searchBytes)) {
		t.Errorf("state read back differs:\n got %+v\nwant %+v", got, s)
	}
	if len(got.Pages) != 2 {
		t.Fatalf("%d pages read back, want 2", len(got.Pages))
	}
	for i, p := range got.Pages {
		want := s.Pages[i]
		if p.Src != want.Src || p.Key != want.Key || !reflect.DeepEqual(p.Sum, want.Sum) {
			t.Errorf("page %d is %s %x %+v, want %s %x %+v", i, p.Src, p.Key, p.Sum, want.Src, want.Key, want.Sum)
		}
		c, ok := p.Conv.Unpack(&site.Site{})
		if !ok {
			t.Fatalf("page %d: the conversion does not unpack", i)
		}
		if !c.HTML || c.Text || !reflect.DeepEqual(c.Res, want.Conv.Res) || !reflect.DeepEqual(c.Deps, want.Conv.Deps) || !c.TagsMarker {
			t.Errorf("page %d: conversion read back differs:\n got %+v\nwant %+v", i, c, want.Conv)
		}
		if len(c.Refs) != 1 || c.Refs[0].Target == nil || c.Refs[0].Target.Src != "b.md" || c.Refs[0].Out != want.Conv.Refs[0].Out {
			t.Errorf("page %d: links read back as %+v", i, c.Refs)
		}
	}
	// Both pages link to b.md, which the (empty) site has not: one
	// stand-in for it.
	c0, _ := got.Pages[0].Conv.Unpack(&site.Site{})
	c1, _ := got.Pages[1].Conv.Unpack(&site.Site{})
	if c0.Refs[0].Target != c1.Refs[0].Target {
		t.Error("each link to the same page has a stand-in of its own")
	}

	// Saved again as read, without being unpacked, the state is the same.
	s.Pages = got.Pages
	if _, err := Write(file, key, s); err != nil {
		t.Fatal(err)
	}
	again, ok := Read(file, key)
	if !ok {
		t.Fatal("the state saved again is not read")
	}
	c, ok := again.Pages[1].Conv.Unpack(&site.Site{})
	if !ok || !reflect.DeepEqual(c.Res, c1.Res) {
		t.Errorf("a conversion saved as read differs: %+v", c.Res)
	}
}

// A state saved without a search cache (a site without search) is read
// back.
func TestStateWithoutSearchCacheIsRead(t *testing.T) {
	file, key, s := savedState(t)
	s.Search = nil
	if _, err := Write(file, key, s); err != nil {
		t.Fatal(err)
	}
	if st, ok := Read(file, key); !ok || st.Search != nil || len(st.Pages) != 2 {
		t.Errorf("a state without a search cache is not read back (read %v)", ok)
	}
}

// A state of other settings, a damaged one, and one whose search cache is
// not the one saved with it are not used.
func TestStateRefusesWhatItCannotTrust(t *testing.T) {
	file, key, s := savedState(t)
	if _, err := Write(file, key, s); err != nil {
		t.Fatal(err)
	}
	if _, ok := Read(file, cache.NewKey().Str("other settings").Sum()); ok {
		t.Error("a state saved with other settings is read")
	}
	b, _ := os.ReadFile(file)
	damaged := bytes.Clone(b)
	damaged[len(damaged)/2] ^= 0xff
	if err := os.WriteFile(file, damaged, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, ok := Read(file, key); ok {
		t.Error("a damaged state is read")
	}
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(SearchFile(file), []byte("another search cache"), 0o644); err != nil {
		t.Fatal(err)
	}
	if st, ok := Read(file, key); !ok || st.Search != nil {
		t.Errorf("a search cache that is not the one saved with the state is used (read %v)", ok)
	}
}

// A conversion whose bytes are damaged (though the file's checksum
// holds) does not unpack, and is then made again rather than used.
func TestDamagedConversionDoesNotUnpack(t *testing.T) {
	b := []byte{1, 200, 3}
	l := &convLog{end: int64(len(b))}
	l.all.Store(&b)
	l.readAll.Do(func() {})
	c := Conversion{rec: &record{log: l, n: len(b), sum: crc32.ChecksumIEEE(b)}, packed: true, targets: &targets{pages: map[string]*site.Page{}}}
	if _, ok := c.Unpack(&site.Site{}); ok {
		t.Error("a damaged conversion unpacks")
	}
	c.rec = &record{log: l, n: len(b), sum: crc32.ChecksumIEEE(b) + 1}
	if _, ok := c.Unpack(&site.Site{}); ok {
		t.Error("a conversion whose checksum fails unpacks")
	}
}

// A kept conversion's links point at this build's pages once unpacked; a
// link whose target page is gone keeps a stand-in for it, so that the
// conversion is found not to hold (LinksHold) rather than taken.
func TestUnpackedLinksPointAtThisBuildsPages(t *testing.T) {
	load := func(archive string) *site.Site {
		dir := t.TempDir()
		sitetest.WriteTxtar(t, dir, archive)
		s, _ := site.Load(project.Default(), dir, site.Options{})
		return s
	}
	before := load("-- content/a.md --\n[b](b.md)\n-- content/b.md --\n# B\n")
	a := before.Page("a.md")
	ref := before.NewLinker(a, nil).Resolve("b.md", markdown.LinkMarkdown)
	if ref.Target != before.Page("b.md") {
		t.Fatalf("the link does not resolve: %+v", ref)
	}
	file := filepath.Join(t.TempDir(), "state-x.bin")
	key := cache.NewKey().Str("settings").Sum()
	conv := Conversion{Res: &markdown.Result{}, Refs: []site.LinkRef{ref}}
	if _, err := Write(file, key, Saving{Pages: []Page{{Src: "a.md", Conv: conv}}}); err != nil {
		t.Fatal(err)
	}
	read := func() Conversion {
		st, ok := Read(file, key)
		if !ok || len(st.Pages) != 1 {
			t.Fatal("the state is not read back")
		}
		return st.Pages[0].Conv
	}

	same := load("-- content/a.md --\n[b](b.md)\n-- content/b.md --\n# B\n")
	c, ok := read().Unpack(same)
	if !ok || c.Refs[0].Target != same.Page("b.md") || !LinksHold(same.NewLinker(same.Page("a.md"), nil), c.Refs) {
		t.Errorf("unpacked into the same site, the link targets %p (want %p)", c.Refs[0].Target, same.Page("b.md"))
	}

	gone := load("-- content/a.md --\n[b](b.md)\n")
	c, ok = read().Unpack(gone)
	if !ok || c.Refs[0].Target == nil || c.Refs[0].Target.Src != "b.md" {
		t.Fatalf("unpacked into a site without b.md, the link targets %+v", c.Refs[0].Target)
	}
	if LinksHold(gone.NewLinker(gone.Page("a.md"), nil), c.Refs) {
		t.Error("a conversion linking to a page that is gone holds")
	}
	// The same for a conversion kept in memory (serve's builds).
	if m, _ := conv.Unpack(gone); LinksHold(gone.NewLinker(gone.Page("a.md"), nil), m.Refs) {
		t.Error("a conversion kept in memory linking to a page that is gone holds")
	}
}

// BenchmarkReadLargeSearchCache opens a state whose search index's cache
// is as large as a 100,000-page site's (300 MB): what opening the state
// waits for of it (the cache is checked and decoded by its reader while
// the build goes on).
func BenchmarkReadLargeSearchCache(b *testing.B) {
	file, key, s := savedState(b)
	big := make([]byte, 300<<20)
	for i := range big {
		big[i] = byte(i * 7)
	}
	s.Search = searchBytes(big)
	if _, err := Write(file, key, s); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(big)))
	for b.Loop() {
		st, ok := Read(file, key)
		if !ok || len(st.Search) != len(big) {
			b.Fatal("the state or its search cache was not read")
		}
		st.log.f.Close()
	}
}

// segmentedSearch is a search cache of segment files (by name).
type segmentedSearch map[string]string

func (s segmentedSearch) WriteTo(w io.Writer) (int64, error) {
	n, err := w.Write([]byte("manifest"))
	return int64(n), err
}

func (s segmentedSearch) WriteSegments(put func(string, []byte) error) ([]string, error) {
	var names []string
	for name, body := range s {
		if err := put(name, []byte(body)); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, nil
}

// The search cache's segment files are written in their folder, a file
// already there with the same bytes kept as it is (one with others
// written again), and once the state is saved the folder holds only the
// files the saved cache names: those of the last states, and temporary
// files a killed build left, are removed. Nothing outside the folder is.
func TestSearchSegmentsSavedAndRemoved(t *testing.T) {
	file, key, s := savedState(t)
	dir := SegmentDir(file)
	s.Search = segmentedSearch{"aa": "first", "bb": "second"}
	if _, err := Write(file, key, s); err != nil {
		t.Fatal(err)
	}
	beside := filepath.Join(filepath.Dir(file), "other")
	for _, p := range []string{filepath.Join(dir, "bb.tmp-123"), beside} {
		if err := os.WriteFile(p, []byte("left"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "cc"), []byte("damaged"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.Search = segmentedSearch{"bb": "second", "cc": "thirdd!"}
	if _, err := Write(file, key, s); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !reflect.DeepEqual(names, []string{"bb", "cc"}) {
		t.Errorf("the segment folder holds %v, want bb and cc", names)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "cc")); string(b) != "thirdd!" {
		t.Errorf("a segment file of the name with other bytes kept: %q", b)
	}
	if _, err := os.Stat(beside); err != nil {
		t.Errorf("a file beside the folder removed: %v", err)
	}
	s.Search = nil
	if _, err := Write(file, key, s); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a state saved without a search cache left %d segment files", len(entries))
	}
}
