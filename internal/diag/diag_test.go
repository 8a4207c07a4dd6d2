package diag

import (
	"fmt"
	"strings"
	"testing"
)

func TestBoundKeepsTwentyOfAKindPerFile(t *testing.T) {
	var l List
	for i := 1; i <= 30; i++ {
		l.Warnf("a.md", i, 1, "broken-link", "link %d", i)
	}
	l.Errorf("a.md", 31, 1, "broken-link", "link 31")
	for i := 1; i <= 5; i++ {
		l.Warnf("a.md", i, 2, "mojibake", "m %d", i)
		l.Warnf("b.md", i, 1, "broken-link", "b %d", i)
	}
	l.Sort()
	got := l.Bound()
	if len(got) != 20+1+5+5 {
		t.Fatalf("%d diagnostics:\n%v", len(got), got)
	}
	var more []Diagnostic
	for _, d := range got {
		if d.More > 0 {
			more = append(more, d)
		}
	}
	if len(more) != 1 || more[0].String() != "a.md:21:1: 11 more broken links in a.md" || more[0].Severity != Error {
		t.Errorf("the summary line: %v", more)
	}
}

// TestTallyAndBoundAgree: a producer that stops at MaxPerKind (Tally) and
// a list bounded afterwards say the same, and bounding twice changes
// nothing.
func TestTallyAndBoundAgree(t *testing.T) {
	var all, tallied List
	var tally Tally
	for i := 1; i <= 100; i++ {
		all.Warnf("x.md", 1, i, "control-char", "c")
		if tally.Keep("x.md", "control-char", 1, i, Warning) {
			tallied.Warnf("x.md", 1, i, "control-char", "c")
		}
	}
	tally.Flush(&tallied)
	a, b := all.Bound(), tallied.Bound()
	if fmt.Sprint(a) != fmt.Sprint(b) || fmt.Sprint(a.Bound()) != fmt.Sprint(a) {
		t.Errorf("bounded:\n%v\ntallied:\n%v", a, b)
	}
	if last := a[len(a)-1].String(); !strings.Contains(last, "80 more control characters in x.md") {
		t.Errorf("last line %q", last)
	}
}

// TestSummarisedCountsWhatBoundLeftOut: a "N more" line stands for N
// problems in the terminal's summary, so a bounded list is summarised with
// the same count as the whole list.
func TestSummarisedCountsWhatBoundLeftOut(t *testing.T) {
	var l List
	for i := 1; i <= 140; i++ {
		l.Warnf("a.md", i, 1, "control-char", "control character U+0001")
	}
	for i := 1; i <= 10; i++ {
		l.Warnf("b.md", i, 1, "control-char", "control character U+0002")
	}
	want := []string{"warning: 150 control characters in 2 files (a.md, b.md)"}
	if got := l.Summarised(5); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("whole list summarised as %q", got)
	}
	if got := l.Bound().Summarised(5); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("bounded list summarised as %q", got)
	}
}

// TestCountsIncludeWhatBoundLeftOut: the counts a failed build and check
// print stand for every problem, those a "N more" line stands for too.
func TestCountsIncludeWhatBoundLeftOut(t *testing.T) {
	var l List
	for i := 1; i <= 30; i++ {
		l.Errorf("a.md", i, 1, "encoding", "invalid UTF-8 byte 0xff")
	}
	b := l.Bound()
	if len(b) != 21 || b.Count() != 30 || CountByKind(b) != "30 invalid UTF-8 bytes" {
		t.Errorf("%d lines, Count %d, CountByKind %q", len(b), b.Count(), CountByKind(b))
	}
}
