// Package gcpace shares the garbage collector's two process-wide settings,
// its percentage (GOGC) and its soft memory limit (GOMEMLIMIT), between
// the parts of a build that ask the collector to run less often for a
// while: the command's check before a build, a build's reading of its
// last state, its heap floor, a whole search index. Each asks, and later
// gives its request back; the process gets the largest percentage asked
// and the smallest limit, and its own settings back once nothing is
// asked. (Set directly from several places, each putting back what it
// had found, the settings were left stale when two requests overlapped.)
package gcpace

import (
	"runtime/debug"
	"slices"
	"sync"
)

type request struct {
	percent int
	limit   int64 // 0: none
}

var state struct {
	sync.Mutex
	asked    []*request
	ownGC    int // the process's settings, while nothing is asked
	ownLimit int64
}

// AtLeast asks the collector to run no more often than GOGC=percent until
// done is called (once or more). A process whose GOGC collects less
// already, or is off, keeps it.
func AtLeast(percent int) (done func()) {
	return ask(&request{percent: percent})
}

// Within is AtLeast(percent) with a soft memory limit of limit bytes, in
// force only while the percentage is larger than the process's own (a
// process that collects less already, or not at all, keeps its pace, and
// a smaller limit it has is kept).
func Within(percent int, limit int64) (done func()) {
	return ask(&request{percent: percent, limit: max(limit, 1)})
}

func ask(r *request) (done func()) {
	change(func() { state.asked = append(state.asked, r) })
	return sync.OnceFunc(func() {
		change(func() {
			i := slices.Index(state.asked, r)
			state.asked = slices.Delete(state.asked, i, i+1)
		})
	})
}

// change applies f to the requests (under the lock) and sets the collector
// accordingly.
func change(f func()) {
	state.Lock()
	defer state.Unlock()
	if len(state.asked) == 0 { // the process's own, to go back to
		state.ownGC = debug.SetGCPercent(100)
		debug.SetGCPercent(state.ownGC)
		state.ownLimit = debug.SetMemoryLimit(-1)
	}
	f()
	g, limit := state.ownGC, state.ownLimit
	for _, r := range state.asked {
		if g < 0 || state.ownGC >= r.percent { // (off, or collecting less already)
			continue
		}
		g = max(g, r.percent)
		if r.limit > 0 {
			limit = min(limit, r.limit)
		}
	}
	debug.SetGCPercent(g)
	debug.SetMemoryLimit(limit)
}
