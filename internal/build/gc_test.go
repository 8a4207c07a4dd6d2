package build

import (
	"os"
	"path/filepath"
	"testing"

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
	size(buildstate.SearchFile(state), 30<<20)
	if !gcPaceFor(true, state).on {
		t.Error("not relaxed with a 70 MB state")
	}
	size(buildstate.SearchFile(state), relaxedStateBytes)
	if gcPaceFor(true, state).on {
		t.Error("relaxed with a state over the bound (its search cache counted)")
	}
}
