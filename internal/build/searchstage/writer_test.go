package searchstage

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The writer writes every file given from several goroutines, one at a
// time, and close returns once they are all written.
func TestWriteOneAtATime(t *testing.T) {
	var mu sync.Mutex
	written := map[string]string{}
	var inPut, most atomic.Int32
	w := writeOneAtATime(func(name string, data []byte) {
		n := inPut.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		time.Sleep(20 * time.Microsecond) // (as a file's writing takes a while)
		mu.Lock()
		written[name] = string(data)
		mu.Unlock()
		inPut.Add(-1)
	})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range queued + 16 { // (more than the queue holds)
				name := fmt.Sprintf("search/c-%d-%d.json", g, i)
				w.put(name, []byte(name))
			}
		})
	}
	wg.Wait()
	w.close()
	if len(written) != 4*(queued+16) {
		t.Fatalf("%d files written, want %d", len(written), 4*(queued+16))
	}
	for name, data := range written {
		if name != data {
			t.Errorf("%s holds %q", name, data)
		}
	}
	if most.Load() != 1 {
		t.Errorf("%d files were written at once, want 1", most.Load())
	}
}
