package build

import "runtime/debug"

// relaxedGC is the garbage collector's percentage (GOGC) while a build
// run by the command line reads the last build's state, and when it then
// has few pages to convert: what it allocates then is mostly that state,
// which stays live to the end, so collecting it again and again as the
// heap doubles is wasted work (the collector's CPU after a one-page edit
// at 10,000 pages falls from about 9% of the build's to 3%, for some 15%
// more memory, still below a cold build's peak). A build that converts
// many pages collects as usual: its peak memory is the one that matters.
const relaxedGC = 400

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
