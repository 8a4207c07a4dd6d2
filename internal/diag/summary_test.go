package diag

import (
	"strings"
	"testing"
)

func TestSummarised(t *testing.T) {
	var l List
	l.Errorf("a.md", 1, 1, "broken-link", "e1")
	for i := 0; i < 7; i++ {
		l.Warnf("a.md", i+2, 1, "control-char", "c")
	}
	l.Warnf("b.md", 1, 1, "control-char", "c")
	l.Warnf("b.md", 2, 1, "duplicate-id", "d")
	l.Infof("c.md", 3, 1, "broken-anchor", "n")
	got := strings.Join(l.Summarised(5), "\n")
	want := strings.Join([]string{
		"a.md:1:1: e1",
		"warning: 8 control characters in 2 files (a.md, b.md)",
		"b.md:2:1: warning: d",
		"c.md:3:1: info: n",
	}, "\n")
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := CountByKind(l[:2]); got != "1 broken link, 1 control character" {
		t.Errorf("CountByKind = %q", got)
	}
	if got := CountByKind(l); got != "8 control characters, 1 broken link, 1 duplicate id, 1 link to a missing anchor" {
		t.Errorf("CountByKind = %q", got)
	}
}
