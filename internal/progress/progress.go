// Package progress shows how far long work has got: on a terminal, one
// line rewritten in place ("building: rendering 480/1000 pages"); anywhere
// else (a CI log, a file), a plain line now and then. Nothing shows for
// work that ends before Delay, so quick commands stay quiet.
package progress

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// Terminal is implemented by writers that know whether they are a
// terminal; a test's fake terminal implements it.
type Terminal interface {
	IsTerminal() bool
}

// IsTerminal reports whether w is a terminal: a Terminal that says so, or
// a file that is a character device.
func IsTerminal(w io.Writer) bool {
	if t, ok := w.(Terminal); ok {
		return t.IsTerminal()
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// State is what a Meter shows.
type State struct {
	Phase               string
	Done, Total, Failed int
}

// Options tune a Meter; zero values take the defaults.
type Options struct {
	Delay     time.Duration // nothing shows before (default 2 s)
	Interval  time.Duration // between redraws on a terminal (default 100 ms)
	PlainGap  time.Duration // between plain lines (default 5 s)
	Format    func(State) string
	NoElapsed bool // plain lines leave out the time since the start
}

// Meter tracks and shows progress. Its methods are safe to call from many
// goroutines; a nil Meter does nothing.
type Meter struct {
	w      io.Writer
	opts   Options
	term   bool
	start  time.Time
	phase  atomic.Pointer[string]
	done   atomic.Int64
	total  atomic.Int64
	failed atomic.Int64
	quit   chan struct{}
	wg     sync.WaitGroup
}

// Start shows progress on w until Stop.
func Start(w io.Writer, opts Options) *Meter {
	if opts.Delay <= 0 {
		opts.Delay = 2 * time.Second
	}
	if opts.Interval <= 0 {
		opts.Interval = 100 * time.Millisecond
	}
	if opts.PlainGap <= 0 {
		opts.PlainGap = 5 * time.Second
	}
	if opts.Format == nil {
		opts.Format = DefaultFormat
	}
	m := &Meter{w: w, opts: opts, term: IsTerminal(w), start: time.Now(), quit: make(chan struct{})}
	empty := ""
	m.phase.Store(&empty)
	m.wg.Add(1)
	go m.run()
	return m
}

// DefaultFormat is "PHASE DONE/TOTAL", with the failures when there are.
func DefaultFormat(s State) string {
	line := s.Phase
	if s.Total > 0 {
		line += fmt.Sprintf(" %d/%d", s.Done, s.Total)
	}
	if s.Failed > 0 {
		line += fmt.Sprintf(", %d failed", s.Failed)
	}
	return line
}

// Phase starts a phase of total steps (0: unknown).
func (m *Meter) Phase(name string, total int) {
	if m == nil {
		return
	}
	m.total.Store(int64(total))
	m.done.Store(0)
	m.phase.Store(&name)
}

// Set sets the steps done and the total.
func (m *Meter) Set(done, total int) {
	if m == nil {
		return
	}
	m.total.Store(int64(total))
	m.done.Store(int64(done))
}

// SetFailed sets the failures so far.
func (m *Meter) SetFailed(n int) {
	if m == nil {
		return
	}
	m.failed.Store(int64(n))
}

// Step counts one step done, failed or not.
func (m *Meter) Step(failed bool) {
	if m == nil {
		return
	}
	if failed {
		m.failed.Add(1)
	}
	m.done.Add(1)
}

// State is what the meter shows now.
func (m *Meter) State() State {
	return State{Phase: *m.phase.Load(), Done: int(m.done.Load()), Total: int(m.total.Load()), Failed: int(m.failed.Load())}
}

// Stop ends the display; on a terminal the line is cleared.
func (m *Meter) Stop() {
	if m == nil {
		return
	}
	close(m.quit)
	m.wg.Wait()
}

func (m *Meter) run() {
	defer m.wg.Done()
	delay := time.NewTimer(m.opts.Delay)
	defer delay.Stop()
	select {
	case <-m.quit:
		return
	case <-delay.C:
	}
	gap := m.opts.Interval
	if !m.term {
		gap = m.opts.PlainGap
	}
	tick := time.NewTicker(gap)
	defer tick.Stop()
	last := ""
	for {
		line := m.opts.Format(m.State())
		if m.term {
			// \r and "erase to the end of the line" redraw the one line.
			fmt.Fprintf(m.w, "\r\033[K%s", line)
		} else if line != last {
			last = line
			if !m.opts.NoElapsed {
				line = fmt.Sprintf("%s (%s)", line, time.Since(m.start).Round(time.Second))
			}
			fmt.Fprintln(m.w, line)
		}
		select {
		case <-m.quit:
			if m.term {
				fmt.Fprint(m.w, "\r\033[K")
			}
			return
		case <-tick.C:
		}
	}
}
