// Package mdtest holds test helpers shared by the dialect's extensions.
package mdtest

import (
	"bytes"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"

	"handbook/internal/markdown/gfm"
)

// convertDuration is the fastest of a few conversions of src, to damp noise.
// The garbage collector is paused meanwhile: its pace depends on the whole
// process, not on the parser under test.
func convertDuration(t testing.TB, md goldmark.Markdown, src []byte) time.Duration {
	runtime.GC()
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	best := time.Duration(1<<63 - 1)
	for range 7 {
		var out bytes.Buffer
		start := time.Now()
		if err := md.Convert(src, &out, parser.WithContext(parser.NewContext())); err != nil {
			t.Fatal(err)
		}
		best = min(best, time.Since(start))
	}
	return best
}

// CheckLinear checks that converting prefix + unit×10000 takes at most
// twenty times as long as prefix + unit×1000: quadratic work would take a
// hundred times as long. Timing on a shared machine is noisy and goldmark's
// own scaling is not perfectly linear, so a ratio above twenty still passes
// when it is within twice that of goldmark without these extensions on the
// same input, and a failing ratio is measured again before it counts.
func CheckLinear(t testing.TB, md goldmark.Markdown, prefix, unit string) {
	t.Helper()
	base := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Linkify, extension.TaskList))
	small := []byte(prefix + strings.Repeat(unit, 1000))
	large := []byte(prefix + strings.Repeat(unit, 10000))
	ratio := func(md goldmark.Markdown) float64 {
		ds, dl := convertDuration(t, md, small), convertDuration(t, md, large)
		return float64(dl) / float64(max(ds, time.Microsecond))
	}
	ratio(md) // warm up
	var got, baseline float64
	for range 4 {
		got, baseline = ratio(md), ratio(base)
		if got <= 20 || got <= 2*baseline {
			return
		}
	}
	t.Errorf("%q: 10x input took %.1fx the time (goldmark alone: %.1fx)", unit, got, baseline)
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
