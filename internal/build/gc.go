package build

import (
	"os"
	"runtime/debug"

	"handbook/internal/buildstate"
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

// relaxedStateBytes bounds the last state (its files on disk) of a build
// whose collector is relaxed: the heap of a build that relaxes grows to a
// few times what it keeps live, which matters once that is large (at
// 100,000 pages the state alone is some 700 MB).
const relaxedStateBytes = 256 << 20

// gcPaceFor is the collector's pace for a build run by the command line
// (saveInBackground) that reads its last state from stateFile.
func gcPaceFor(saveInBackground bool, stateFile string) gcPace {
	if !saveInBackground || stateFile == "" {
		return gcPace{}
	}
	var size int64
	for _, p := range []string{stateFile, buildstate.SearchFile(stateFile)} {
		if info, err := os.Stat(p); err == nil {
			size += info.Size()
		}
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
