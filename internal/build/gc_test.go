package build

import (
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"handbook/internal/buildstate"
	"handbook/internal/output"
	"handbook/internal/sitetest"
)

// TestGCRelaxedOnlyForSmallStates: a build relaxes its collector only when
// run by the command line and when its last state is small, as a relaxed
// heap grows to a few times what it keeps live.
func TestGCRelaxedOnlyForSmallStates(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "state-x.bin")
	size := func(p string, n int64) {
		t.Helper()
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(n); err != nil { // sparse: no disk used
			t.Fatal(err)
		}
		f.Close()
	}
	if gcPaceFor(false, state).on {
		t.Error("relaxed outside the command line")
	}
	if !gcPaceFor(true, state).on {
		t.Error("not relaxed with no state yet")
	}
	size(state, 40<<20)
	size(buildstate.SearchFile(state), 2*relaxedStateBytes)
	if !gcPaceFor(true, state).on {
		t.Error("not relaxed with a 40 MB state (its search cache, mapped, counted)")
	}
	size(state, relaxedStateBytes+1)
	if gcPaceFor(true, state).on {
		t.Error("relaxed with a state over the bound")
	}
}

// TestHeapFloorLetGoOfOnceTheHeapIsLarger: the floor and the wide pace are
// held by command-line builds only, while the live heap is smaller than
// their limit; then the large pace, within its memory limit, until the
// build releases it; then the process's own pace comes back.
func TestHeapFloorLetGoOfOnceTheHeapIsLarger(t *testing.T) {
	if holdHeapFloor(false) != nil {
		t.Fatal("a floor outside the command line")
	}
	own := debug.SetGCPercent(100)
	defer debug.SetGCPercent(own)
	percent := func() int { g := debug.SetGCPercent(-1); debug.SetGCPercent(g); return g }
	const limit = 2 * heapFloor
	f := holdFloorUntil(limit)
	if g := percent(); g != wideGC {
		t.Errorf("GOGC %d while the floor is held, want %d", g, wideGC)
	}
	runtime.GC()
	runtime.GC() // (the finalizers of the first have run)
	if !f.held() {
		t.Fatal("the floor was let go of with a small heap")
	}
	live := make([][]byte, 0, 3)
	for range 3 { // more than the limit with the floor, in pieces the collector scans
		live = append(live, make([]byte, heapFloor/2+1))
	}
	for i := 0; i < 50 && f.held(); i++ {
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	runtime.KeepAlive(live)
	if f.held() {
		t.Error("the floor is still held with a heap larger than it")
	}
	if g := percent(); g != largeGC {
		t.Errorf("GOGC %d once the floor is let go of, want the large pace's %d", g, largeGC)
	}
	if l := debug.SetMemoryLimit(-1); l != largeHeapBytes || f.paceLimit() != largeHeapBytes {
		t.Errorf("memory limit %d (the pace's %d) with a small live heap, want %d", l, f.paceLimit(), largeHeapBytes)
	}
	f.release()
	holdHeapFloor(true).release()
	if g := percent(); g != 100 {
		t.Errorf("GOGC %d after a floor released, want the process's 100", g)
	}
	if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
		t.Errorf("memory limit %d after a floor released, want the process's none", l)
	}
	for range 3 { // (the watch, released, asks for nothing again)
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	if g, l := percent(), debug.SetMemoryLimit(-1); g != 100 || l != math.MaxInt64 {
		t.Errorf("GOGC %d, memory limit %d some collections after the release, want the process's", g, l)
	}
}

// TestLargeLimitFollowsTheLiveHeap: the large pace's memory limit is
// largeHeapBytes, or twice the live heap once that is more (and never
// overflows).
func TestLargeLimitFollowsTheLiveHeap(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int64
	}{
		{0, largeHeapBytes},
		{1 << 30, largeHeapBytes},
		{largeHeapBytes / 2, largeHeapBytes},
		{2 << 30, 4 << 30},
		{math.MaxUint64, 1 << 62},
	} {
		if got := largeLimit(c.live); got != c.want {
			t.Errorf("largeLimit(%d) = %d, want %d", c.live, got, c.want)
		}
	}
}

// TestGCPaceTheLargestAsked: relaxed and wide paces held together give the
// larger; a GOGC of off stays off; each let go of gives back the other's.
func TestGCPaceTheLargestAsked(t *testing.T) {
	own := debug.SetGCPercent(100)
	defer debug.SetGCPercent(own)
	percent := func() int { g := debug.SetGCPercent(-1); debug.SetGCPercent(g); return g }
	f := holdHeapFloor(true)
	p := gcPace{on: true}
	p.relax()
	if g := percent(); g != relaxedGC {
		t.Errorf("GOGC %d relaxed and wide, want %d", g, relaxedGC)
	}
	p.normal()
	if g := percent(); g != wideGC {
		t.Errorf("GOGC %d wide only, want %d", g, wideGC)
	}
	p.relax()
	f.release()
	if g := percent(); g != relaxedGC {
		t.Errorf("GOGC %d relaxed only, want %d", g, relaxedGC)
	}
	p.normal()
	if g := percent(); g != 100 {
		t.Errorf("GOGC %d with nothing asked, want 100", g)
	}
	debug.SetGCPercent(-1)
	f = holdHeapFloor(true)
	if g := percent(); g != -1 {
		t.Errorf("GOGC %d, want off as the process had it", g)
	}
	f.release()
	if g := percent(); g != -1 {
		t.Errorf("GOGC %d after, want off as the process had it", g)
	}
}

// TestEditHoldsItsPaceUntilWaitState: a command-line build that takes the
// edit path collects at the edit's pace (editGC) from its plan on, and
// holds it through the publishing after it, until WaitState gives the
// process's own back; a full build holds nothing past its end.
func TestEditHoldsItsPaceUntilWaitState(t *testing.T) {
	own := debug.SetGCPercent(100)
	defer debug.SetGCPercent(own)
	percent := func() int { g := debug.SetGCPercent(-1); debug.SetGCPercent(g); return g }
	dir := t.TempDir()
	if err := sitetest.WriteCorpus(filepath.Join(dir, "content"), 40); err != nil {
		t.Fatal(err)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "content", "*", "*.md"))
	if len(pages) == 0 {
		t.Fatal("no pages in the corpus")
	}
	cacheDir := filepath.Join(dir, ".cache")
	opts := Options{Source: dir, CacheDir: cacheDir, StateFile: filepath.Join(cacheDir, "state.bin"), SaveInBackground: true}
	run := func(step string) *Result {
		t.Helper()
		o := opts
		out, err := output.Open(filepath.Join(dir, "public"), false, output.Protected{})
		if err != nil {
			t.Fatal(err)
		}
		defer out.Abort()
		o.Output = out // (the edit path keeps files: it writes to disk)
		r := Run(o)
		if !r.OK() {
			t.Fatalf("%s: build failed: %v", step, r.Diags)
		}
		return r
	}
	r := run("cold")
	if g := percent(); g != 100 {
		t.Errorf("GOGC %d after a full build, want the process's 100", g)
	}
	r.WaitState()
	opts.PrevState, opts.Changed = r.State, []string{pages[0]}
	f, err := os.OpenFile(pages[0], os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("\nOne more line.\n")
	f.Close()
	r = run("edit")
	if !r.Stats.Cache.Edit {
		t.Fatal("the build after an edit did not take the edit path")
	}
	if g := percent(); g != editGC {
		t.Errorf("GOGC %d after an edit, before WaitState, want %d", g, editGC)
	}
	r.WaitState()
	if g := percent(); g != 100 {
		t.Errorf("GOGC %d after WaitState, want the process's 100", g)
	}
}
