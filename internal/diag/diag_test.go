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
	if len(more) != 1 || more[0].String() != "a.md:21:1: 11 more broken-link in a.md" || more[0].Severity != Error {
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
	if last := a[len(a)-1].String(); !strings.Contains(last, "80 more control-char in x.md") {
		t.Errorf("last line %q", last)
	}
}
