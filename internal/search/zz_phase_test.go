package search

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"syscall"
	"testing"
	"time"
)

func ut() (time.Duration, time.Duration) {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano())
}

func TestScratchPhases(t *testing.T) {
	docs := corpusDocs(t, 10000)
	opts := Options{}.withDefaults()
	runtime.GC()
	for range 3 {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		gc0 := ms.NumGC
		u0, s0 := ut()
		c0 := cpuTime()
		ix := invert(docs)
		c1 := cpuTime()
		u1, s1 := ut()
		fmt.Printf("invert user %v sys %v\n", u1-u0, s1-s0)
		levels, masks := levelMasks(docs)
		_ = levels
		terms := sortedTerms(ix)
		ets := encodeTerms(ix, terms, masks, opts.FirstTier)
		c2 := cpuTime()
		files := map[string][]byte{}
		writeChunks(docs, opts, files)
		c3 := cpuTime()
		runtime.ReadMemStats(&ms)
		fmt.Printf("invert %v encode %v chunks %v  total %v gcs %d\n", c1-c0, c2-c1, c3-c2, c3-c0, ms.NumGC-gc0)
		_ = ets
		_ = debug.SetGCPercent
		_ = time.Now
	}
}
