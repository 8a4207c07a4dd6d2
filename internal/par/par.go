// Package par runs loops on all CPUs.
package par

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls fn(0), …, fn(n-1) on all CPUs, each index once, handing the
// next index to whichever worker is free (so a few slow items do not hold
// up the rest), and returns when every call has.
func For(n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(1, n)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
		})
	}
	wg.Wait()
}
