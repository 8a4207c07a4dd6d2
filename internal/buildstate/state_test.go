package buildstate

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"handbook/internal/cache"
	"handbook/internal/markdown"
	"handbook/internal/site"
)

type searchBytes []byte

func (s searchBytes) WriteTo(w io.Writer) (int64, error) {
	n, err := w.Write(s)
	return int64(n), err
}

func savedState(t *testing.T) (string, cache.Key, Saving) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "state-x.bin")
	key := cache.NewKey().Str("settings").Sum()
	res := filled[markdown.Result]()
	for i := range res.Sections {
		res.Sections[i].Text, res.Sections[i].Code = "", "" // never saved
	}
	ref := filled[site.LinkRef]()
	ref.Target = &site.Page{Src: "b.md"}
	conv := Conversion{Res: &res, Refs: []site.LinkRef{ref}, Deps: []FileDep{{path: "snip.md", sum: [32]byte{1}}}, TagsMarker: true}
	s := Saving{
		Structure: "structure",
		Loads:     []site.LoadRecord{filled[site.LoadRecord](), filled[site.LoadRecord]()},
		Pages:     []Page{{Src: "a.md", Key: cache.NewKey().Str("a").Sum(), Conv: conv}, {Src: "b.md", Key: cache.NewKey().Str("b").Sum(), Conv: conv}},
		WithHTML:  true,
		Outputs:   map[string]cache.Key{"a/index.html": cache.NewKey().Str("html").Sum()},
		Search:    searchBytes("the search index's cache"),
	}
	return file, key, s
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
	if got.ID != id || got.Structure != s.Structure || !reflect.DeepEqual(got.Loads, s.Loads) || !reflect.DeepEqual(got.Outputs, s.Outputs) || string(got.Search) != string(s.Search.(searchBytes)) {
		t.Errorf("state read back differs:\n got %+v\nwant %+v", got, s)
	}
	if len(got.Pages) != 2 {
		t.Fatalf("%d pages read back, want 2", len(got.Pages))
	}
	for i, p := range got.Pages {
		want := s.Pages[i]
		if p.Src != want.Src || p.Key != want.Key {
			t.Errorf("page %d is %s %x, want %s %x", i, p.Src, p.Key, want.Src, want.Key)
		}
		c, ok := p.Conv.Unpack()
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
	// Both pages link to b.md: one stand-in for it.
	c0, _ := got.Pages[0].Conv.Unpack()
	c1, _ := got.Pages[1].Conv.Unpack()
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
	c, ok := again.Pages[1].Conv.Unpack()
	if !ok || !reflect.DeepEqual(c.Res, c1.Res) {
		t.Errorf("a conversion saved as read differs: %+v", c.Res)
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
	c := Conversion{raw: []byte{1, 200, 3}, packed: true, targets: newTargets(nil)}
	if _, ok := c.Unpack(); ok {
		t.Error("a damaged conversion unpacks")
	}
}
