package searchstage

import (
	"strings"
	"sync"
	"testing"

	"handbook/internal/buildstate"
	"handbook/internal/cache"
	"handbook/internal/convert"
	"handbook/internal/markdown"
	"handbook/internal/project"
	"handbook/internal/site"
)

// page is a converted page of one section holding text.
func page(url, title, text string) *convert.Page {
	res := &markdown.Result{Title: title, Sections: []markdown.Section{{Heading: -1, Text: text}}}
	return &convert.Page{Page: &site.Page{URL: url, Title: title}, Res: res, ID: cache.NewKey().Str(url, text).Sum()}
}

// sink collects what a stage puts, as a build kept in memory does.
type sink struct {
	mu    sync.Mutex
	files map[string][]byte
	errs  []string
}

func (k *sink) output() Output {
	return Output{
		Put: func(name string, data []byte) {
			k.mu.Lock()
			k.files[name] = data
			k.mu.Unlock()
		},
		KeepAll:  func(names []string) []bool { return make([]bool, len(names)) },
		Previous: func(string) []byte { return nil },
		Drop: func(name string) {
			k.mu.Lock()
			delete(k.files, name)
			k.mu.Unlock()
		},
		Errorf: func(format string, args ...any) { k.errs = append(k.errs, format) },
	}
}

// holds reports whether some published file has s in it.
func (k *sink) holds(s string) bool {
	for _, b := range k.files {
		if strings.Contains(string(b), s) {
			return true
		}
	}
	return false
}

func TestStreamedIndexIsPut(t *testing.T) {
	k := &sink{files: map[string][]byte{}}
	s := &Stage{Config: &project.Config{}, Streamed: true, Out: k.output(), Pub: &Published{}}
	if finish := s.Add([]*convert.Page{page("a/", "Alpha", "ownership metrics")}); finish != nil {
		t.Error("a streamed build deferred its index")
	}
	if len(k.errs) > 0 || len(k.files) == 0 || !k.holds("ownership") {
		t.Fatalf("streamed index: errors %v, %d files, word found: %v", k.errs, len(k.files), k.holds("ownership"))
	}
}

func TestSearchOffPutsNothing(t *testing.T) {
	k := &sink{files: map[string][]byte{}}
	off := false
	s := &Stage{Config: &project.Config{Search: &off}, Streamed: true, Out: k.output(), Pub: &Published{}}
	s.Add([]*convert.Page{page("a/", "Alpha", "ownership")})
	if len(k.files) != 0 {
		t.Fatalf("search: false put %d files", len(k.files))
	}
}

// TestDeferredIndexFollows: with Defer, an edit publishes the last index
// at once, and the function returned builds the new one into the cache,
// which the next build publishes in place of the old files.
func TestDeferredIndexFollows(t *testing.T) {
	state := &buildstate.Cache{}
	k := &sink{files: map[string][]byte{}}
	pub := &Published{}
	stage := func() *Stage {
		return &Stage{Config: &project.Config{}, State: state, Defer: true, Out: k.output(), Pub: pub}
	}
	if finish := stage().Add([]*convert.Page{page("a/", "Alpha", "ownership")}); finish != nil {
		t.Fatal("the first index was deferred: there was none to publish")
	}
	if !k.holds("ownership") {
		t.Fatal("first index not published")
	}
	edited := []*convert.Page{page("a/", "Alpha", "throughput")}
	finish, ok := stage().AddLater(edited)
	if !ok || finish == nil {
		t.Fatal("AddLater published nothing with an index in the cache")
	}
	if k.holds("throughput") || !k.holds("ownership") {
		t.Fatal("AddLater did not publish the last index as it was")
	}
	finish()
	if next := stage().Add(edited); next != nil {
		t.Fatal("the index built later was not kept for the next build")
	}
	if !k.holds("throughput") || k.holds("ownership") {
		t.Fatalf("the next build did not publish the new index in place of the old (new: %v, old: %v)", k.holds("throughput"), k.holds("ownership"))
	}
}
