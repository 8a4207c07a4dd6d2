package emoji

import (
	"bytes"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/testutil"

	"handbook/internal/markdown/mdtest"
)

func newMarkdown() goldmark.Markdown { return mdtest.New(Extension) }

func TestEmoji(t *testing.T) { testutil.DoTestCaseFile(newMarkdown(), "testdata/emoji.txt", t) }

func TestBundledTable(t *testing.T) {
	if n := len(emojiByShortcode); n < 400 {
		t.Errorf("only %d emoji shortcodes bundled", n)
	}
}

// TestIconNamesAreNotEmoji: icon shortcodes are left to package icons.
func TestIconNamesAreNotEmoji(t *testing.T) {
	var out bytes.Buffer
	if err := newMarkdown().Convert([]byte(":material-check: :rocket:"), &out); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "<p>:material-check: 🚀</p>\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func FuzzEmoji(f *testing.F) {
	for _, seed := range []string{":rocket:", "10:30:45", ":material-check: :material-x:", "`:a:` :+1:", "::::", ":a:b:c:"} {
		f.Add(seed)
	}
	md := newMarkdown()
	f.Fuzz(func(t *testing.T, src string) {
		var out bytes.Buffer
		if err := md.Convert([]byte(src), &out, parser.WithContext(parser.NewContext())); err != nil {
			t.Fatal(err)
		}
	})
}

// pathological are inputs that would make a careless parser do work
// growing with the square of their length.
var pathological = []string{":", "::", " :a", " :rocket:", " :material-check:", ":abcdefghij"}

// TestLinearWork feeds pathological input to the parsers and counts their
// work on n and 10n repetitions (see mdtest.CheckLinear).
func TestLinearWork(t *testing.T) {
	md := newMarkdown()
	for _, unit := range pathological {
		mdtest.CheckLinear(t, md, "", unit)
	}
}

func BenchmarkPathological(b *testing.B) {
	mdtest.Benchmark(b, newMarkdown(), "", pathological)
}
