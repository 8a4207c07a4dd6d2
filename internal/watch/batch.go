package watch

import (
	"sort"
	"sync/atomic"
	"time"
)

// maxWait bounds how long a batch can be held back by a tree that never goes
// quiet (a program rewriting a file every few milliseconds).
const maxWait = time.Second

// batcher gathers paths until quiet has passed without a new one (or
// removalQuiet while a path is missing; or maxWait since the first); the
// batch is then ready to be sent. Paths that arrive while a ready batch waits for
// its reader are merged into it after the next quiet period, so a slow
// reader gets fewer, larger batches and nothing is lost.
type batcher struct {
	seen         *atomic.Int64 // the Watcher's count of changes seen
	quiet        time.Duration
	removalQuiet time.Duration
	missing      map[string]bool // paths removed, renamed or left empty, and not made or written since
	pending      map[string]struct{}
	since        time.Time // when the first pending path arrived
	timer        *time.Timer
	ready        []string
}

func newBatcher(opts Options, seen *atomic.Int64) *batcher {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return &batcher{quiet: opts.Quiet, removalQuiet: opts.RemovalQuiet, pending: map[string]struct{}{}, missing: map[string]bool{}, timer: t, seen: seen}
}

// addRemoved records paths removed, renamed or left empty: the batch
// waits removalQuiet until they are made or written again (see
// DefaultRemovalQuiet).
func (b *batcher) addRemoved(paths ...string) {
	b.record(paths, true)
}

// add records paths and restarts the quiet period.
func (b *batcher) add(paths ...string) {
	b.record(paths, false)
}

func (b *batcher) record(paths []string, missing bool) {
	if len(paths) == 0 {
		return
	}
	if len(b.pending) == 0 {
		b.since = time.Now()
	}
	for _, p := range paths {
		b.pending[p] = struct{}{}
		if missing {
			b.missing[p] = true
		} else {
			delete(b.missing, p)
		}
	}
	b.seen.Add(int64(len(paths)))
	quiet := b.quiet
	if len(b.missing) > 0 {
		quiet = b.removalQuiet
	}
	b.timer.Reset(max(0, min(quiet, maxWait-time.Since(b.since))))
}

// settle moves the pending paths into the ready batch; call it when the
// timer fires.
func (b *batcher) settle() {
	if len(b.pending) == 0 {
		return
	}
	for _, p := range b.ready {
		b.pending[p] = struct{}{}
	}
	merged := make([]string, 0, len(b.pending))
	for p := range b.pending {
		merged = append(merged, p)
	}
	sort.Strings(merged)
	b.ready = merged
	b.pending = map[string]struct{}{}
	clear(b.missing)
}

// sent records that the ready batch was delivered.
func (b *batcher) sent() {
	b.ready = nil
}

// outbox returns ch when a batch is ready, else nil (a nil channel never
// receives in a select).
func (b *batcher) outbox(ch chan []string) chan []string {
	if b.ready == nil {
		return nil
	}
	return ch
}
