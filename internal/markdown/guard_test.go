package markdown

import (
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handbook/internal/markdown/guard"
	"handbook/internal/markdown/mdtest"
)

// pathological are shapes on which goldmark's parser does more than
// linear work: each is a unit repeated many times after a prefix.
var pathological = []struct {
	name, prefix, unit string
}{
	{"block quotes nested on one line", "", "> "},
	{"lists nested on one line", "", "- "},
	{"quotes and lists", "", "> - "},
	{"ordered lists nested on one line", "", "1. "},
	{"link destinations to the line's end", "", "[a]("},
	{"angle destinations to the line's end", "", "[a](<"},
	{"titles to the block's end", "", "[a](b ("},
	{"a megabyte of brackets", "", "["},
	{"brackets nested", strings.Repeat("[", 5000), "]"},
}

func newTestConverter() *Converter { return New(Options{LevelIDs: []string{"L6", "L7"}}) }

// TestGuardShowsPathologicalBlocksAsText: each shape is reported once, at
// its line, and shown as escaped text in a code block, whatever is around.
func TestGuardShowsPathologicalBlocksAsText(t *testing.T) {
	c := newTestConverter()
	for _, p := range pathological {
		n := 20000
		if p.unit == "[" {
			n = guard.MaxBrackets + 1
		}
		src := "# Title\n\nBefore.\n\n" + p.prefix + strings.Repeat(p.unit, n) + "<b>\n\nAfter [x](y.md).\n"
		res := c.Convert([]byte(src), nil)
		var warnings []string
		for _, d := range res.Diags {
			if d.Code == "guard" {
				warnings = append(warnings, d.String())
				if d.Line != 5 {
					t.Errorf("%s: warning at line %d, want 5", p.name, d.Line)
				}
			}
		}
		if len(warnings) != 1 {
			t.Errorf("%s: %d guard warnings %v", p.name, len(warnings), warnings)
		}
		html := string(res.HTML)
		if !strings.Contains(html, "<pre") || !strings.Contains(html, "&lt;b&gt;") || strings.Contains(html, "<b>") ||
			!strings.Contains(html, "Before.") || !strings.Contains(html, `<a href="y.md">x</a>`) {
			t.Errorf("%s: the block is not shown as text between its neighbours:\n%.600s", p.name, html)
		}
	}
}

// TestGuardLeavesWrittenTextAlone: no page of the handbook, nor the
// fixtures, is guarded.
func TestGuardLeavesWrittenTextAlone(t *testing.T) {
	n := 0
	for _, root := range []string{"../../content", "../sitetest/testdata", "testdata"} {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
				return nil
			}
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			n++
			if g := guard.Apply(src); g.Diags != nil || string(g.Source) != string(src) {
				t.Errorf("%s is guarded: %v", p, g.Diags)
			}
			return nil
		})
	}
	if n < 10 {
		t.Fatalf("only %d pages found", n)
	}
}

// TestGuardedConversionIsLinear counts the work of converting each shape
// repeated 1,000 and 10,000 times (see mdtest.CheckLinear): with the guard,
// ten times the input is about ten times the work.
func TestGuardedConversionIsLinear(t *testing.T) {
	c := newTestConverter()
	md := mdtest.WithPreprocess(c.md, func(src []byte) []byte { return guard.Apply(src).Source })
	for _, p := range pathological {
		if p.unit == "[" || p.unit == "]" {
			continue // their limits are far beyond 10,000 repetitions
		}
		mdtest.CheckLinear(t, md, p.prefix, p.unit)
	}
	mdtest.CheckLinear(t, md, "", "## Title\n\n")
}

// BenchmarkDuplicateHeadings converts a page of 100,000 identical headings
// (ids title, title_1, … title_99999).
func BenchmarkDuplicateHeadings(b *testing.B) {
	c := newTestConverter()
	src := []byte(strings.Repeat("## Title\n\n", 100_000))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if res := c.Convert(src, nil); len(res.Headings) != 100_000 {
			b.Fatalf("%d headings", len(res.Headings))
		}
	}
}

// BenchmarkPathological converts each shape at 200 KB.
func BenchmarkPathological(b *testing.B) {
	c := newTestConverter()
	for _, p := range pathological {
		src := []byte(p.prefix + strings.Repeat(p.unit, 200_000/len(p.unit)))
		b.Run(p.name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				c.Convert(src, nil)
			}
		})
	}
}

// fuzzing reports whether the test binary runs a fuzz target's fuzzing
// (-test.fuzz), as opposed to its seeds in a normal test run.
func fuzzing() bool {
	f := flag.Lookup("test.fuzz")
	return f != nil && f.Value.String() != ""
}

// FuzzLinearTime looks for shapes goldmark or the dialect handle in more
// than linear time: the page is prefix + unit×n + suffix, converted at two
// sizes ten times apart. Linear work takes about ten times as long; work
// growing with the square of the input, a hundred times. The timing (the
// least of three runs each) is only checked while fuzzing: a normal test
// run converts the seeds once each and checks only that nothing panics.
func FuzzLinearTime(f *testing.F) {
	for _, p := range pathological {
		f.Add(p.prefix, p.unit, "")
	}
	for _, u := range []string{"*a ", "_a ", "~a ", "^a ", "==a ", "++a", "<a", "{", "[^", "*[", "[a][", "[a\n", "`a``", "## T\n\n", ":smile:", "!!! note\n    ", "=== \"a\"\n    ", "<div markdown>\n", "$a", "|a", "-", "\t"} {
		f.Add("", u, "")
	}
	c := newTestConverter()
	f.Fuzz(func(t *testing.T, prefix, unit, suffix string) {
		if unit == "" || len(prefix) > 1000 || len(suffix) > 1000 || len(unit) > 100 {
			return
		}
		page := func(size int) []byte {
			return []byte(prefix + strings.Repeat(unit, max(1, size/len(unit))) + suffix)
		}
		if !fuzzing() {
			if res := c.Convert(page(4000), nil); res.Panic != "" {
				t.Fatal(res.Panic)
			}
			return
		}
		small, large := page(16_000), page(160_000)
		least := func(src []byte) time.Duration {
			best := time.Duration(1<<63 - 1)
			for range 3 {
				start := time.Now()
				if res := c.Convert(src, nil); res.Panic != "" {
					t.Fatal(res.Panic)
				}
				best = min(best, time.Since(start))
			}
			return best
		}
		ts, tl := least(small), least(large)
		if tl > 200*time.Millisecond && tl > 40*ts {
			t.Fatalf("prefix %q, unit %q, suffix %q: %d bytes took %v, %d bytes %v: not linear", prefix, unit, suffix, len(small), ts, len(large), tl)
		}
	})
}
