package build

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// relaxedGC is the garbage collector's percentage (GOGC) while a build
// run by the command line reads the last build's state, and when it then
// has few pages to convert: what it allocates then is mostly that state,
// which stays live to the end, so collecting it again and again as the
// heap doubles is wasted work (the collector's CPU after a one-page edit
// at 10,000 pages falls from about 9% of the build's to 3%, for some 15%
// more memory, still below a cold build's peak). A build that converts
// many pages collects as usual: its peak memory is the one that matters.
const relaxedGC = 400

// relaxedStateBytes bounds the last state file of a build whose collector
// is relaxed: the heap of a build that relaxes grows to a few times what
// it keeps live, which matters once that is large (at 100,000 pages the
// state file is some 40 MB, and what it decodes to some 300 MB). The
// search index's cache beside it is not counted: it is mapped, not read
// onto the heap (what is decoded of it for an edit is a fraction of it),
// and counting it (311 MB at 100,000 pages) kept the collector at its
// usual pace there, for some 0.5 s more CPU in a one-page edit.
const relaxedStateBytes = 256 << 20

// gcPaceFor is the collector's pace for a build run by the command line
// (saveInBackground) that reads its last state from stateFile.
func gcPaceFor(saveInBackground bool, stateFile string) gcPace {
	if !saveInBackground || stateFile == "" {
		return gcPace{}
	}
	var size int64
	if info, err := os.Stat(stateFile); err == nil {
		size = info.Size()
	}
	return gcPace{on: size <= relaxedStateBytes}
}

// gcPace sets the collector's pace for one build; its zero value does
// nothing.
type gcPace struct {
	on      bool // the build runs in a process of its own (the CLI)
	saved   int
	relaxed bool
}

// relax collects less often (relaxedGC), until normal or restore.
func (p *gcPace) relax() {
	if !p.on || p.relaxed {
		return
	}
	prev := debug.SetGCPercent(relaxedGC)
	if prev < 0 || prev >= relaxedGC { // (GOGC set to collect less already)
		debug.SetGCPercent(prev)
		return
	}
	p.saved, p.relaxed = prev, true
}

// normal collects as the process did before relax.
func (p *gcPace) normal() {
	if p.relaxed {
		debug.SetGCPercent(p.saved)
		p.relaxed = false
	}
}

// heapFloor is memory a command-line build holds while its live heap is
// smaller, and never writes: the collector counts it as live, so it lets
// the heap grow to about twice the live heap and the floor before it runs,
// instead of twice a small live heap. A cold build allocates some 300 KB
// a page, nearly all of it garbage soon after, over a live heap of some
// 15 KB a page: at 1,000 pages the collector ran 25 times (a 15–30 MB
// heap) and runs 9 times with the floor, for some 9% less CPU and 40 MB
// more at the peak (70 → 110 MB; a 64 MB floor saved no more CPU: its
// fresh pages cost as much as the collections it saved). A larger site's
// live heap passes the floor early on, and the floor is then let go of:
// the collector paces it as before, and its peak is the same. Its pages
// are never touched, so the floor itself takes no memory (but --stats
// counts it while it is held).
const heapFloor = 32 << 20

// holdHeapFloor holds the heap floor for a build run by the command line
// (cli; nil otherwise) until it is released, or until a collection finds
// more live heap than the floor.
func holdHeapFloor(cli bool) *floor {
	if !cli {
		return nil
	}
	f := &floor{mem: make([]byte, heapFloor)}
	runtime.SetFinalizer(&floorWatch{f}, (*floorWatch).check)
	return f
}

type floor struct {
	mu  sync.Mutex
	mem []byte
}

func (f *floor) release() {
	if f != nil {
		f.mu.Lock()
		f.mem = nil
		f.mu.Unlock()
	}
}

func (f *floor) held() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.mem != nil
}

// floorWatch is garbage as soon as it is made: its finalizer runs after
// each collection, and lets go of the floor once the heap is larger.
type floorWatch struct{ f *floor }

func (w *floorWatch) check() {
	w.f.mu.Lock()
	defer w.f.mu.Unlock()
	if w.f.mem == nil {
		return
	}
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	if live[0].Value.Kind() == metrics.KindUint64 && live[0].Value.Uint64() > 2*heapFloor { // (the floor counted)
		w.f.mem = nil
		return
	}
	runtime.SetFinalizer(&floorWatch{w.f}, (*floorWatch).check)
}
