package cli

import (
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

var profiled []byte

//go:noinline
func allocateForTheProfile() { profiled = make([]byte, 8<<20) }

// TestHeapProfileHoldsWhatWasJustAllocated: --memprofile's profile has
// what was allocated since the last collection (a heap profile shows the
// allocations up to the last one; an edit build that holds its collector
// back may run none after its first few hundred milliseconds).
func TestHeapProfileHoldsWhatWasJustAllocated(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	runtime.GC() // (a profile with no collection yet shows every allocation)
	allocateForTheProfile()
	writeHeapProfile(filepath.Join(t.TempDir(), "heap.prof"))
	// With the collector off, the records now are those the profile was
	// written from.
	n, _ := runtime.MemProfile(nil, true)
	records := make([]runtime.MemProfileRecord, n+50)
	n, _ = runtime.MemProfile(records, true)
	var bytes int64
	for _, r := range records[:n] {
		for _, pc := range r.Stack() {
			if f := runtime.FuncForPC(pc); f != nil && strings.HasSuffix(f.Name(), ".allocateForTheProfile") {
				bytes += r.AllocBytes
			}
		}
	}
	if bytes < 8<<20 {
		t.Errorf("the heap profile holds %d bytes allocated by allocateForTheProfile, want its 8 MB", bytes)
	}
}
