package par

import (
	"sync/atomic"
	"testing"
)

func TestForCallsEachIndexOnce(t *testing.T) {
	for name, loop := range map[string]func(int, func(int)){"For": For, "ForIO": ForIO} {
		for _, n := range []int{0, 1, 7, 256, 257, 1000, 5000} {
			calls := make([]atomic.Int32, n)
			loop(n, func(i int) { calls[i].Add(1) })
			for i := range calls {
				if c := calls[i].Load(); c != 1 {
					t.Fatalf("%s n=%d: fn(%d) called %d times", name, n, i, c)
				}
			}
		}
	}
}
