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

// ForIO calls fn(0), …, fn(n-1), each index once, for calls that wait on
// the kernel (stat, lstat): batches of indexes on more goroutines than CPUs,
// which overlap their waits; a short loop runs in the caller's goroutine.
func ForIO(n int, fn func(i int)) {
	const batch = 256
	if n <= batch {
		for i := range n {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range 8 {
		wg.Go(func() {
			for lo := range next {
				for i := lo; i < min(lo+batch, n); i++ {
					fn(i)
				}
			}
		})
	}
	for lo := 0; lo < n; lo += batch {
		next <- lo
	}
	close(next)
	wg.Wait()
}
