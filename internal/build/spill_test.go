package build

import (
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"handbook/internal/sitetest"
)

// collected is an Output that keeps the files in memory.
type collected struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (c *collected) Put(name string, data []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.files == nil {
		c.files = map[string][]byte{}
	}
	c.files[name] = append([]byte(nil), data...)
	return nil
}

// buildTo builds opts into a new collected Output, spilling the pages'
// HTML and text (see spillPages) when spill is set, with a state that
// keeps no HTML (so that the spilled pages are packed for it, see
// slimConversions).
func buildTo(t *testing.T, opts Options, spill bool) map[string][]byte {
	t.Helper()
	files, _ := buildResult(t, opts, spill)
	return files
}

func buildResult(t *testing.T, opts Options, spill bool) (map[string][]byte, *Result) {
	t.Helper()
	defer func(spill, html int) { spillAbove, keepHTMLUpTo = spill, html }(spillAbove, keepHTMLUpTo)
	spillAbove = 1 << 30
	if spill {
		spillAbove, keepHTMLUpTo = 0, 0
	}
	out := &collected{}
	opts.Output = out
	r := Run(opts)
	if !r.OK() {
		t.Fatalf("build failed: %v", r.Diags)
	}
	return out.files, r
}

// TestSpilledBuildEqualsHeldBuild: a build that keeps its pages' HTML and
// sections' text in a spill file writes the same files as one that holds
// them in memory, without a cache and with the state on disk, cold and
// after an edit.
func TestSpilledBuildEqualsHeldBuild(t *testing.T) {
	dir := t.TempDir()
	if err := sitetest.WriteCorpus(filepath.Join(dir, "content"), 40); err != nil {
		t.Fatal(err)
	}
	want := buildTo(t, Options{Source: dir}, false)
	if len(want) < 40 {
		t.Fatalf("the build made %d files", len(want))
	}
	compareFiles(t, "without a cache", buildTo(t, Options{Source: dir}, true), want)

	withState := func(name string) Options {
		cache := filepath.Join(dir, ".cache-"+name)
		return Options{Source: dir, CacheDir: cache, StateFile: filepath.Join(cache, "state.bin")}
	}
	compareFiles(t, "cold, state on disk", buildTo(t, withState("spilled"), true), want)
	buildTo(t, withState("held"), false)

	pages, _ := filepath.Glob(filepath.Join(dir, "content", "*", "*.md"))
	if len(pages) == 0 {
		t.Fatal("no pages in the corpus")
	}
	f, err := os.OpenFile(pages[0], os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("\n## Added\n\nOne more line, with `code`.\n")
	f.Close()
	want = buildTo(t, Options{Source: dir}, false)
	got, r := buildResult(t, withState("spilled"), true)
	compareFiles(t, "after an edit, state on disk", got, want)
	if r.Stats.Cache.ConvReused < 30 {
		t.Errorf("the build after an edit took %d conversions from the packed state, want all but the edited page's", r.Stats.Cache.ConvReused)
	}
	compareFiles(t, "after an edit, held", buildTo(t, withState("held"), false), want)
}

// TestStateSavedInBackground: a state saved in the background
// (Options.SaveInBackground), begun while the pages render when few
// changed (see startSaving), is the one the next build reads: after each
// edit the build writes what a build without a cache writes, converting
// only the edited page.
func TestStateSavedInBackground(t *testing.T) {
	defer func(html int) { keepHTMLUpTo = html }(keepHTMLUpTo)
	keepHTMLUpTo = 0 // (a state that keeps the pages' HTML is saved at the end)
	dir := t.TempDir()
	if err := sitetest.WriteCorpus(filepath.Join(dir, "content"), 40); err != nil {
		t.Fatal(err)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "content", "*", "*.md"))
	if len(pages) < 3 {
		t.Fatal("too few pages in the corpus")
	}
	cacheDir := filepath.Join(dir, ".cache")
	opts := Options{Source: dir, CacheDir: cacheDir, StateFile: filepath.Join(cacheDir, "state.bin"), SaveInBackground: true}
	build := func(step string) *Result {
		t.Helper()
		out := &collected{}
		o := opts
		o.Output = out
		r := Run(o)
		r.WaitState()
		if !r.OK() {
			t.Fatalf("%s: build failed: %v", step, r.Diags)
		}
		if r.State == "" {
			t.Fatalf("%s: no state saved", step)
		}
		opts.PrevState = r.State
		compareFiles(t, step, out.files, buildTo(t, Options{Source: dir}, false))
		return r
	}
	build("cold")
	for i, page := range pages[:3] {
		f, err := os.OpenFile(page, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString("\n## Added\n\nOne more line, with `code`.\n")
		f.Close()
		r := build("after edit " + strconv.Itoa(i+1))
		if r.Stats.Cache.Converted != 1 {
			t.Errorf("edit %d: the build converted %d pages, want the edited one only (the last state read whole)", i+1, r.Stats.Cache.Converted)
		}
	}
}

// TestSpilledHandbookEqualsHeldBuild: the project's own handbook (level
// pages, drills, printable pages, all made from pages whose conversions
// are in the spill) built spilled writes what a build holding its pages
// in memory writes, cold and with the state on disk after an edit.
func TestSpilledHandbookEqualsHeldBuild(t *testing.T) {
	dir := copyTree(t, "../../content")
	root := t.TempDir()
	if err := os.Rename(dir, filepath.Join(root, "content")); err != nil {
		t.Fatal(err)
	}
	config, err := os.ReadFile("../../handbook.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "handbook.yaml"), config, 0o644); err != nil {
		t.Fatal(err)
	}
	want := buildTo(t, Options{Source: root}, false)
	for _, name := range []string{"levels/l6/index.html", "practice/drill-l7/index.html", "print/index.html"} {
		if len(want[name]) == 0 {
			t.Fatalf("the handbook's build has no %s", name)
		}
	}
	compareFiles(t, "without a cache", buildTo(t, Options{Source: root}, true), want)
	cache := filepath.Join(root, ".cache")
	withState := Options{Source: root, CacheDir: cache, StateFile: filepath.Join(cache, "state.bin")}
	compareFiles(t, "cold, state on disk", buildTo(t, withState, true), want)

	page := filepath.Join(root, "content", "experiences", "failure-case-studies.md")
	f, err := os.OpenFile(page, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("\n## L7 Added study\n\nOne more line, with `code`.\n")
	f.Close()
	want = buildTo(t, Options{Source: root}, false)
	compareFiles(t, "after an edit, state on disk", buildTo(t, withState, true), want)
}
