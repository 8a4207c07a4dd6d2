package build

import (
	"os"
	"runtime"
	"runtime/metrics"
	"sync"

	"handbook/internal/gcpace"
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

// editGC is the collector's percentage (GOGC) for a command-line build
// that takes the edit path, from its plan on and through the publishing
// that follows (until Result.WaitState): nearly all such a build
// allocates (the last state decoded, the site model, the output's and
// the stamp's listings, the search index's parts it reads) stays live to
// the end, so a collection frees little. At 100,000 pages the one the
// relaxed pace ran marked some 1 GB live to free 200 MB, for 0.4 s of
// CPU or more; the heap now grows by those 200 MB instead. (The heap it
// starts from is bounded as relaxedGC's is: see relaxedStateBytes.)
const editGC = 1000

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
	on      bool   // the build runs in a process of its own (the CLI)
	relaxed func() // gives the relaxed pace back (nil when not relaxed)
}

// relax collects less often (relaxedGC), until normal or restore.
func (p *gcPace) relax() {
	if !p.on || p.relaxed != nil {
		return
	}
	p.relaxed = gcpace.AtLeast(relaxedGC)
}

// forEdit paces the collector for an edit (editGC) until the returned
// function is called, which the build's end (normal) does not do: the
// caller holds the pace past the build. nil when the pace is not the
// build's to set.
func (p *gcPace) forEdit() (done func()) {
	if !p.on {
		return nil
	}
	return gcpace.AtLeast(editGC)
}

// normal collects as the process did before relax.
func (p *gcPace) normal() {
	if p.relaxed != nil {
		p.relaxed()
		p.relaxed = nil
	}
}

// heapFloor is memory a command-line build holds while its live heap is
// smaller than wideLiveBytes, and never writes: the collector counts it as
// live, so it lets the heap grow to about three times (wideGC) the live
// heap and the floor before it runs, instead of twice a small live heap.
// A cold build allocates some 200 KB a page, nearly all of it garbage soon
// after, over a live heap of some 8 KB a page (less once the pages are
// converted: rendering and indexing keep 25-60 MB live at 10,000 pages).
// At 1,000 pages the collector ran 25 times without the floor, and runs 6
// times; at 10,000 pages, where the floor used to be let go of once the
// live heap passed 64 MB, it ran 43 times (9% of the build's CPU) and runs
// 14 times (4%). Its pages are never touched, so the floor itself takes no
// memory (but --stats counts it while it is held).
const heapFloor = 32 << 20

// wideGC is the collector's percentage (GOGC) while a command-line
// build's live heap is smaller than wideLiveBytes: the peak memory of a
// cold build of 10,000 pages is then some 335 MB rather than 225 MB (of
// 1,000 pages 120 MB rather than 80 MB), its collector 4% of the CPU
// rather than 9%.
const wideGC = 200

// wideLiveBytes is the live heap past which the floor is let go of and
// the collector paced for a large heap (largeGC).
const wideLiveBytes = 512 << 20

// largeGC is the collector's percentage (GOGC) once a command-line
// build's live heap is larger than wideLiveBytes, while the memory the
// process uses stays under largeLimit: a large site keeps much live (a
// cold build of 100,000 pages holds 0.8 GB from its load to the end of
// its conversion, its pages' conversions made of many small objects),
// and collecting each time the heap doubled marked it some 35 times, the
// collector's CPU 17% of the build's (16 s of 91) where it is 5% at
// 10,000 pages. Paced so, the build takes 9% less CPU (72-77 s against
// 81-82) and 10% less time, its peak memory 3.1 GB rather than 2.3.
const largeGC = 400

// largeHeapBytes is the memory a build whose collector is paced for a
// large heap may use before the collector runs at the usual pace again
// (a soft memory limit).
const largeHeapBytes = 3 << 30

// largeLimit is the soft memory limit of a build paced for a large heap,
// whose live heap is live bytes: largeHeapBytes, or twice the live heap
// when that is more (the usual pace's peak), so that a still larger
// site's collector is never held below what it keeps live.
func largeLimit(live uint64) int64 {
	return max(largeHeapBytes, 2*int64(min(live, 1<<61)))
}

// holdHeapFloor holds the heap floor and the wider pace for a build run by
// the command line (cli; nil otherwise) until it is released, or until a
// collection finds more live heap than wideLiveBytes: then the pace for a
// large heap until it is released.
func holdHeapFloor(cli bool) *floor {
	if !cli {
		return nil
	}
	return holdFloorUntil(wideLiveBytes)
}

// holdFloorUntil holds the floor and the wide pace until a collection
// finds more live heap than limit, then the large pace.
func holdFloorUntil(limit uint64) *floor {
	f := &floor{mem: make([]byte, heapFloor), limit: limit, wide: gcpace.AtLeast(wideGC)}
	runtime.SetFinalizer(&floorWatch{f}, (*floorWatch).check)
	return f
}

type floor struct {
	mu    sync.Mutex
	mem   []byte // nil once let go of (and the wide pace with it)
	limit uint64 // the live heap past which it is let go of
	wide  func() // gives the wide pace back
	// The large pace, once the floor is let go of for a larger heap: its
	// limit, and the function giving it back (nil when not held).
	largeAt int64
	large   func()
	done    bool // released: the pace is the process's own again
}

// release lets go of the floor and of whichever pace is held, for good.
func (f *floor) release() {
	if f != nil {
		f.mu.Lock()
		f.letGo()
		if f.large != nil {
			f.large()
			f.large = nil
		}
		f.done = true
		f.mu.Unlock()
	}
}

// letGo lets go of the floor and the wide pace, once (f.mu held).
func (f *floor) letGo() {
	if f.mem != nil {
		f.mem = nil
		f.wide()
	}
}

// paceLarge holds the large pace for a live heap of live bytes (f.mu
// held): asked anew when its limit changes, the new request made before
// the last is given back, so that the pace never drops in between.
func (f *floor) paceLarge(live uint64) {
	limit := largeLimit(live)
	if f.large != nil && limit == f.largeAt {
		return
	}
	last := f.large
	f.large, f.largeAt = gcpace.Within(largeGC, limit), limit
	if last != nil {
		last()
	}
}

// paceLimit is the soft memory limit of the large pace (0 when not held).
func (f *floor) paceLimit() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.large == nil {
		return 0
	}
	return f.largeAt
}

func (f *floor) held() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.mem != nil
}

// floorWatch is garbage as soon as it is made: its finalizer runs after
// each collection, and lets go of the floor once the heap is larger.
type floorWatch struct{ f *floor }

// check runs after each collection: it lets go of the floor once the heap
// is larger, and then keeps the large pace's limit up with the live heap.
func (w *floorWatch) check() {
	w.f.mu.Lock()
	defer w.f.mu.Unlock()
	if w.f.done {
		return
	}
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	if live[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	if n := live[0].Value.Uint64(); w.f.mem == nil || n > w.f.limit {
		w.f.letGo()
		w.f.paceLarge(n)
	}
	runtime.SetFinalizer(&floorWatch{w.f}, (*floorWatch).check)
}
