package watch

import (
	"errors"
	"io/fs"
	"time"
)

// fileState is what polling compares between two walks.
type fileState struct {
	size  int64
	mtime time.Time
	dir   bool
}

func (w *Watcher) startPolling() error {
	last, err := w.snapshot()
	if err != nil {
		return err
	}
	go w.pollLoop(last)
	return nil
}

func (w *Watcher) pollLoop(last map[string]fileState) {
	defer close(w.exited)
	batch := newBatcher(w.opts, &w.seen)
	tick := time.NewTicker(w.opts.PollInterval)
	defer tick.Stop()
	for {
		select {
		case <-w.done:
			return
		case <-tick.C:
			next, err := w.snapshot()
			if err != nil {
				w.report(err)
				continue
			}
			batch.add(diffStates(last, next)...)
			last = next
		case <-batch.timer.C:
			batch.settle()
		case batch.outbox(w.events) <- batch.ready:
			batch.sent()
		}
	}
}

// snapshot stats every accepted path under the roots. A root that has
// disappeared is simply absent.
func (w *Watcher) snapshot() (map[string]fileState, error) {
	states := map[string]fileState{}
	for _, r := range w.roots {
		err := w.walkInfo(r.path, func(p string, info fs.FileInfo) error {
			states[p] = fileState{size: info.Size(), mtime: info.ModTime(), dir: info.IsDir()}
			return nil
		})
		if errors.Is(err, fs.ErrNotExist) {
			err = nil
		}
		if err != nil {
			return nil, err
		}
	}
	return states, nil
}

// diffStates lists the paths that appeared, disappeared or changed. A
// folder's own mtime changes whenever an entry is added or removed, so
// folders count only when they appear or disappear.
func diffStates(before, after map[string]fileState) []string {
	var changed []string
	for p, a := range after {
		b, ok := before[p]
		switch {
		case !ok:
			changed = append(changed, p)
		case a.dir != b.dir:
			changed = append(changed, p)
		case !a.dir && (a.size != b.size || !a.mtime.Equal(b.mtime)):
			changed = append(changed, p)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			changed = append(changed, p)
		}
	}
	return changed
}
