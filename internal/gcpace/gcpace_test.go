package gcpace

import (
	"math"
	"runtime/debug"
	"testing"
)

func percent() int { g := debug.SetGCPercent(-1); debug.SetGCPercent(g); return g }

func limit() int64 { return debug.SetMemoryLimit(-1) }

// The largest percentage asked and the smallest limit are in force, each
// request given back gives back the others', and the process's own
// settings return when nothing is asked, whatever the order.
func TestTheLargestPercentAndSmallestLimitAsked(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	a := AtLeast(200)
	b := AtLeast(400)
	if g := percent(); g != 400 {
		t.Errorf("GOGC %d with 200 and 400 asked, want 400", g)
	}
	b()
	b() // (a second call changes nothing)
	if g := percent(); g != 200 {
		t.Errorf("GOGC %d with 200 asked, want 200", g)
	}
	c := AtLeast(400)
	l1 := Within(100, 1<<30) // (a limit is asked with a percentage)
	l2 := Within(300, 1<<29)
	if g, l := percent(), limit(); g != 400 || l != 1<<29 {
		t.Errorf("GOGC %d, limit %d; want 400 and %d", g, l, 1<<29)
	}
	a()
	l2()
	if g, l := percent(), limit(); g != 400 || l != math.MaxInt64 {
		t.Errorf("GOGC %d, limit %d; want 400 and no limit (a limit asked with the process's own percentage)", g, l)
	}
	c()
	l1()
	if g, l := percent(), limit(); g != 100 || l != math.MaxInt64 {
		t.Errorf("GOGC %d, limit %d with nothing asked; want the process's 100 and no limit", g, l)
	}
}

// A process that collects less already, or not at all, or has a smaller
// limit, keeps its settings.
func TestTheProcesssOwnSettingsKept(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(800))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	done := Within(400, 1<<30)
	if g, l := percent(), limit(); g != 800 || l != math.MaxInt64 {
		t.Errorf("GOGC %d, limit %d; want the process's 800 and no limit", g, l)
	}
	done()
	debug.SetGCPercent(100)
	debug.SetMemoryLimit(64 << 20)
	done = Within(400, 1<<30)
	if g, l := percent(), limit(); g != 400 || l != 64<<20 {
		t.Errorf("GOGC %d, limit %d; want 400 and the process's %d", g, l, 64<<20)
	}
	done()
	debug.SetMemoryLimit(math.MaxInt64)
	debug.SetGCPercent(-1)
	done = AtLeast(400)
	if g := percent(); g != -1 {
		t.Errorf("GOGC %d, want off as the process had it", g)
	}
	done()
	if g := percent(); g != -1 {
		t.Errorf("GOGC %d after, want off as the process had it", g)
	}
}
