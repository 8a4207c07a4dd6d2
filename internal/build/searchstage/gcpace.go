package searchstage

import (
	"math"
	"runtime/metrics"

	"handbook/internal/gcpace"
)

// lessCollectedGC is the collector's percentage (GOGC) while a whole
// index is made: what the index allocates is mostly garbage (each page's
// text read back, its sections' chunk entries, the chunk files: some
// 300 MB at 10,000 pages) over a small live heap (the site model and the
// postings, 40 to 75 MB), so with the usual percentage the collector
// ran eight times in the stage, marking the same live heap each time.
const lessCollectedGC = 400

// collectLess makes the collector run less often (lessCollectedGC)
// until the returned function is called, without the heap growing past
// the memory the process has already taken from the system (a memory
// limit: the build's peak so far), so the build's peak memory stays as
// it was. A GOGC or GOMEMLIMIT that collects less, or sooner, is kept.
func collectLess() (restore func()) {
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[1].Value.Kind() != metrics.KindUint64 {
		return func() {}
	}
	mapped, live := s[0].Value.Uint64(), s[1].Value.Uint64()
	// (Room for the postings to grow past a small site's first heap.)
	limit := int64(min(max(mapped, 4*live+64<<20), math.MaxInt64))
	return gcpace.Within(lessCollectedGC, limit)
}
