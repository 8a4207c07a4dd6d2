// Package mdtest holds test helpers shared by the dialect's extensions.
package mdtest

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"

	"handbook/internal/markdown/gfm"
)

// Work is what one conversion cost, counted, not timed: the lines and
// bytes the block parsers peeked at, the heap allocations and the bytes
// allocated. They are the same on every run of the same input, whatever
// else the machine is doing, and grow with the lines a block parser
// revisits and the nodes, segments, delimiters and copies a parser makes.
type Work struct{ Reads, Peeked, Allocs, Bytes uint64 }

// countingReader counts the block parsers' peeks at the input, and the
// bytes of the rest of the line each PeekLine hands them.
type countingReader struct {
	text.Reader
	w *Work
}

func (r countingReader) PeekLine() ([]byte, text.Segment) {
	line, seg := r.Reader.PeekLine()
	r.w.Reads++
	r.w.Peeked += uint64(len(line))
	return line, seg
}

func (r countingReader) Peek() byte {
	r.w.Reads++
	return r.Reader.Peek()
}

// Measure converts src with md and counts its work (the least of three
// runs, so that an allocation by another goroutine cannot count).
func Measure(t testing.TB, md goldmark.Markdown, src []byte) Work {
	t.Helper()
	if p, ok := md.(preprocessed); ok {
		md, src = p.Markdown, p.pre(src) // what Convert would parse
	}
	best := Work{Allocs: math.MaxUint64, Bytes: math.MaxUint64}
	var out bytes.Buffer
	out.Grow(4 * len(src))
	for range 3 {
		out.Reset()
		var before, after runtime.MemStats
		var peeks Work
		runtime.ReadMemStats(&before)
		doc := md.Parser().Parse(countingReader{text.NewReader(src), &peeks}, parser.WithContext(parser.NewContext()))
		err := md.Renderer().Render(&out, src, doc)
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatal(err)
		}
		best.Reads, best.Peeked = peeks.Reads, peeks.Peeked
		best.Allocs = min(best.Allocs, after.Mallocs-before.Mallocs)
		best.Bytes = min(best.Bytes, after.TotalAlloc-before.TotalAlloc)
	}
	return best
}

// CheckLinear checks that converting prefix + unit×10000 does at most
// twelve times the work of prefix + unit×1000 (plus a small constant):
// work growing with the square of the input would be a hundred times
// larger. Bytes allocated may reach twenty-five times: a slice or buffer
// grown by appending allocates up to about twice its final size, so two
// inputs can land on opposite sides of a growth step. It counts work (see
// Work) instead of timing it, so it gives the same answer on a busy
// machine; the benchmarks (Benchmark) measure time.
func CheckLinear(t testing.TB, md goldmark.Markdown, prefix, unit string) {
	t.Helper()
	small := Measure(t, md, []byte(prefix+strings.Repeat(unit, 1000)))
	large := Measure(t, md, []byte(prefix+strings.Repeat(unit, 10000)))
	const factor, byteFactor, slack = 12, 25, 2000
	if large.Reads > factor*small.Reads+slack || large.Peeked > factor*small.Peeked+slack*64 ||
		large.Allocs > factor*small.Allocs+slack || large.Bytes > byteFactor*small.Bytes+slack*64 {
		t.Errorf("%q: 10x the input did %+v, 1x did %+v: not linear", unit, large, small)
	}
}

// Benchmark converts prefix + unit×10000 for each unit, one sub-benchmark
// each: the timing counterpart of CheckLinear.
func Benchmark(b *testing.B, md goldmark.Markdown, prefix string, units []string) {
	for _, unit := range units {
		src := []byte(prefix + strings.Repeat(unit, 10000))
		b.Run(fmt.Sprintf("%q", unit), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			var out bytes.Buffer
			for b.Loop() {
				out.Reset()
				if err := md.Convert(src, &out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// ConvertTwice converts src twice with md, fails the test if either fails
// or the two outputs differ (the output must be deterministic), and returns
// the output. It is the body of the dialect's fuzz targets.
func ConvertTwice(t testing.TB, md goldmark.Markdown, src string) string {
	t.Helper()
	var first, second bytes.Buffer
	if err := md.Convert([]byte(src), &first); err != nil {
		t.Fatal(err)
	}
	if err := md.Convert([]byte(src), &second); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Fatalf("output differs between runs:\n%s\n---\n%s", first.Bytes(), second.Bytes())
	}
	return first.String()
}

// New is the goldmark the dialect's extensions are tested with: the
// dialect's base (package gfm) with raw HTML, plus exts.
func New(exts ...goldmark.Extender) goldmark.Markdown {
	return goldmark.New(
		goldmark.WithParser(gfm.NewParser()),
		goldmark.WithRendererOptions(html.WithUnsafe()),
		goldmark.WithExtensions(append([]goldmark.Extender{gfm.Extension}, exts...)...),
	)
}

// preprocessed is a goldmark.Markdown that rewrites each source first.
type preprocessed struct {
	goldmark.Markdown
	pre func([]byte) []byte
}

func (p preprocessed) Convert(src []byte, w io.Writer, opts ...parser.ParseOption) error {
	return p.Markdown.Convert(p.pre(src), w, opts...)
}

// WithPreprocess returns md converting pre(src) instead of src, for the
// fixture tests of constructs that rewrite the page before it is parsed.
func WithPreprocess(md goldmark.Markdown, pre func([]byte) []byte) goldmark.Markdown {
	return preprocessed{md, pre}
}
