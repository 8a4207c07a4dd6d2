package build

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"handbook/internal/buildstate"
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

// TestHeapFloorLetGoOfOnceTheHeapIsLarger: the floor is held by command-line
// builds only, while the live heap is smaller than it.
func TestHeapFloorLetGoOfOnceTheHeapIsLarger(t *testing.T) {
	if holdHeapFloor(false) != nil {
		t.Fatal("a floor outside the command line")
	}
	f := holdHeapFloor(true)
	runtime.GC()
	runtime.GC() // (the finalizers of the first have run)
	if !f.held() {
		t.Fatal("the floor was let go of with a small heap")
	}
	live := make([][]byte, 0, 3)
	for range 3 { // more than the floor, in pieces the collector scans
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
	f.release()
	holdHeapFloor(true).release()
}
