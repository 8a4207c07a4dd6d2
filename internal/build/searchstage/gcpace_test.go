package searchstage

import (
	"runtime/debug"
	"testing"
)

// collectLess sets a higher GOGC and a memory limit, and its function
// puts back both; a GOGC that collects less already is kept.
func TestCollectLess(t *testing.T) {
	prevGC := debug.SetGCPercent(100)
	prevLimit := debug.SetMemoryLimit(-1)
	defer debug.SetGCPercent(prevGC)
	restore := collectLess()
	if got := debug.SetGCPercent(lessCollectedGC); got != lessCollectedGC {
		t.Errorf("GOGC %d while the index is made, want %d", got, lessCollectedGC)
	}
	if got := debug.SetMemoryLimit(-1); got >= prevLimit {
		t.Errorf("memory limit %d while the index is made, want one below %d", got, prevLimit)
	}
	restore()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC %d after, want 100", got)
	}
	if got := debug.SetMemoryLimit(-1); got != prevLimit {
		t.Errorf("memory limit %d after, want %d", got, prevLimit)
	}

	debug.SetGCPercent(800)
	restore = collectLess()
	if got := debug.SetGCPercent(-1); got != 800 {
		t.Errorf("GOGC %d with GOGC=800 set, want 800 kept", got)
	}
	debug.SetGCPercent(800)
	if got := debug.SetMemoryLimit(-1); got != prevLimit {
		t.Errorf("memory limit %d with GOGC=800 set, want %d kept", got, prevLimit)
	}
	restore()
	if got := debug.SetGCPercent(100); got != 800 {
		t.Errorf("GOGC %d after, want 800", got)
	}
}
