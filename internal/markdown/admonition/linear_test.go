package admonition_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark/text"

	"handbook/internal/markdown/container"
)

// nestedMarkers returns n markers, each indented one level deeper than the
// one before (with tabs, to keep the 10,000-level input at 50 MB).
func nestedMarkers(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		b.WriteString(strings.Repeat("\t", i))
		b.WriteString("!!! note\n")
	}
	return b.Bytes()
}

// consecutiveMarkers returns n markers one after the other, each with a body line.
func consecutiveMarkers(n int) []byte {
	return bytes.Repeat([]byte("!!! note \"T\"\n    body\n??? tip\n"), n)
}

// parseTimePerByte parses src (the fastest of a few runs for small inputs,
// where scheduling noise dominates) and returns the time per input byte.
func parseTimePerByte(src []byte) float64 {
	md := newMarkdown()
	runs := 1
	if len(src) < 4<<20 {
		runs = 5
	}
	best := time.Duration(1<<63 - 1)
	for range runs {
		start := time.Now()
		md.Parser().Parse(text.NewReader(src))
		best = min(best, time.Since(start))
	}
	return float64(best) / float64(len(src))
}

// assertLinear fails when ten times the markers cost clearly more per input
// byte than the smaller input: quadratic work would cost ~10-100 times more.
func assertLinear(t *testing.T, generate func(int) []byte) {
	small := parseTimePerByte(generate(1000))
	large := parseTimePerByte(generate(10000))
	t.Logf("per byte: 1,000 markers %.1fns, 10,000 markers %.1fns", small, large)
	if large > 5*small {
		t.Errorf("parse time per byte grew from %.1fns to %.1fns: not linear", small, large)
	}
}

func TestNestedMarkersParseInLinearTime(t *testing.T) {
	assertLinear(t, nestedMarkers)
}

func TestConsecutiveMarkersParseInLinearTime(t *testing.T) {
	assertLinear(t, consecutiveMarkers)
}

func TestNestingStopsAtMaxDepth(t *testing.T) {
	var out bytes.Buffer
	if err := newMarkdown().Convert(nestedMarkers(100), &out); err != nil {
		t.Fatal(err)
	}
	boxes := strings.Count(out.String(), `<div class="admonition note">`)
	// A marker opens a box while it has at most MaxDepth ancestors.
	if boxes != container.MaxDepth {
		t.Errorf("got %d nested admonitions, want %d", boxes, container.MaxDepth)
	}
}
