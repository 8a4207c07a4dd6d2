package progress

import (
	"bytes"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a writer safe to read while the meter writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// fakeTerminal is a writer the meter takes for a terminal.
type fakeTerminal struct{ syncBuffer }

func (*fakeTerminal) IsTerminal() bool { return true }

// waitFor polls until the output holds want (the meter redraws on its own
// clock); it fails after a generous bound, which no passing run reaches.
func waitFor(t *testing.T, out interface{ String() string }, want string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if strings.Contains(out.String(), want) {
			return
		}
	}
	t.Fatalf("output never showed %q:\n%q", want, out.String())
}

func TestTerminalOneLine(t *testing.T) {
	var term fakeTerminal
	m := Start(&term, Options{Delay: time.Millisecond, Interval: time.Millisecond})
	m.Phase("building: rendering", 1000)
	m.Set(480, 1000)
	waitFor(t, &term, "\r\033[Kbuilding: rendering 480/1000")
	m.Step(false)
	m.Step(true)
	waitFor(t, &term, "\r\033[Kbuilding: rendering 482/1000, 1 failed")
	m.Stop()
	out := term.String()
	if strings.Contains(out, "\n") {
		t.Errorf("a terminal got a new line: %q", out)
	}
	if !strings.HasSuffix(out, "\r\033[K") {
		t.Errorf("the line is not cleared at the end: %q", out)
	}
}

func TestPlainLines(t *testing.T) {
	var log syncBuffer
	m := Start(&log, Options{Delay: time.Millisecond, PlainGap: time.Millisecond, NoElapsed: true})
	m.Phase("links", 40)
	m.Set(10, 40)
	waitFor(t, &log, "links 10/40\n")
	m.Set(20, 40)
	waitFor(t, &log, "links 20/40\n")
	time.Sleep(20 * time.Millisecond) // many ticks: an unchanged state is not repeated
	m.Stop()
	out := log.String()
	if strings.ContainsAny(out, "\r\033") {
		t.Errorf("plain output has terminal controls: %q", out)
	}
	if strings.Count(out, "links 20/40\n") != 1 || strings.Count(out, "links 10/40\n") != 1 {
		t.Errorf("each state is one line: %q", out)
	}
}

func TestPlainLinesShowElapsed(t *testing.T) {
	var log syncBuffer
	m := Start(&log, Options{Delay: time.Millisecond, PlainGap: time.Millisecond})
	m.Phase("building: converting", 0)
	waitFor(t, &log, "building: converting (")
	m.Stop()
}

func TestQuickWorkShowsNothing(t *testing.T) {
	var term fakeTerminal
	m := Start(&term, Options{Delay: time.Hour})
	m.Phase("building", 3)
	m.Set(3, 3)
	m.Stop()
	if term.String() != "" {
		t.Errorf("work shorter than the delay showed %q", term.String())
	}
	var nilMeter *Meter
	nilMeter.Phase("x", 1)
	nilMeter.Step(true)
	nilMeter.Stop()
}

func TestIsTerminal(t *testing.T) {
	if IsTerminal(&bytes.Buffer{}) {
		t.Error("a buffer is not a terminal")
	}
	if !IsTerminal(&fakeTerminal{}) {
		t.Error("the fake terminal is one")
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if IsTerminal(f) {
		t.Error("a regular file is not a terminal")
	}
}
