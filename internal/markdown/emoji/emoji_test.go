package emoji

import (
	"bytes"
	"maps"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/testutil"

	"handbook/internal/markdown/mdtest"
)

func newMarkdown() goldmark.Markdown { return mdtest.New(Extension) }

func TestEmoji(t *testing.T) { testutil.DoTestCaseFile(newMarkdown(), "testdata/emoji.txt", t) }

// TestDataFile: after its header, the data file is one line per shortcode,
// sorted and unique, each a name, a tab and an emoji, and every line is in
// the table.
func TestDataFile(t *testing.T) {
	lines := strings.Split(strings.TrimSuffix(shortcodesTSV, "\n"), "\n")
	if !strings.HasPrefix(lines[0], "# gemoji shortcodes from gemoji@") {
		t.Errorf("header %q does not name the gemoji release", lines[0])
	}
	lines = lines[1:]
	if len(lines) < 1800 {
		t.Errorf("only %d emoji shortcodes bundled", len(lines))
	}
	for i, line := range lines {
		name, e, ok := strings.Cut(line, "\t")
		if !ok || name == "" || e == "" || strings.Contains(e, "\t") || ShortcodeEnd([]byte(":"+name+":")) != len(name)+1 {
			t.Errorf("line %d %q is not a shortcode, a tab and an emoji", i+2, line)
		}
		if i > 0 && lines[i-1] >= line {
			t.Errorf("line %d %q is not after %q", i+2, line, lines[i-1])
		}
		if got, _ := Lookup(name); got != e {
			t.Errorf("Lookup(%q) = %q, want %q", name, got, e)
		}
	}
	if got := len(emojiByShortcode()); got != len(lines) {
		t.Errorf("table has %d shortcodes, the file %d", got, len(lines))
	}
}

func TestDecode(t *testing.T) {
	got := decode("# header\nrocket\t🚀\nzombie_woman\t🧟\u200d♀️\n")
	want := map[string]string{"rocket": "🚀", "zombie_woman": "🧟\u200d♀️"}
	if !maps.Equal(got, want) {
		t.Errorf("decode = %q, want %q", got, want)
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
