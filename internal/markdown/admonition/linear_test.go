package admonition_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark/text"

	"handbook/internal/markdown/container"
	"handbook/internal/markdown/mdtest"
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

// assertLinear fails when ten times the markers cost clearly more work
// (allocations, counted: see mdtest.Measure) per input byte than the
// smaller input: quadratic work would cost ~10-100 times more.
func assertLinear(t *testing.T, generate func(int) []byte, n int) {
	md := newMarkdown()
	smallSrc, largeSrc := generate(n), generate(10*n)
	small, large := mdtest.Measure(t, md, smallSrc), mdtest.Measure(t, md, largeSrc)
	perByte := func(n uint64, src []byte) float64 { return float64(n) / float64(len(src)) }
	for _, m := range []struct {
		what         string
		small, large uint64
	}{{"peeks", small.Reads, large.Reads}, {"bytes peeked", small.Peeked, large.Peeked}, {"allocations", small.Allocs, large.Allocs}} {
		s, l := perByte(m.small, smallSrc), perByte(m.large, largeSrc)
		t.Logf("%s per byte: %d markers %.4f, %d markers %.4f", m.what, n, s, 10*n, l)
		if l > 3*s {
			t.Errorf("%s per byte grew from %.4f to %.4f: not linear", m.what, s, l)
		}
	}
}

func TestNestedMarkersParseInLinearWork(t *testing.T) {
	assertLinear(t, nestedMarkers, 300)
}

func TestConsecutiveMarkersParseInLinearWork(t *testing.T) {
	assertLinear(t, consecutiveMarkers, 1000)
}

func BenchmarkNestedMarkers(b *testing.B) {
	src := nestedMarkers(3000)
	md := newMarkdown()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		md.Parser().Parse(text.NewReader(src))
	}
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
