package markdown

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"handbook/internal/markdown/betterem"
	"handbook/internal/markdown/blocks"
	"handbook/internal/markdown/escapeall"
	"handbook/internal/markdown/magiclink"
	"handbook/internal/markdown/math"
	"handbook/internal/markdown/progressbar"
	"handbook/internal/markdown/smartsymbols"
	"handbook/internal/markdown/toc"
)

// plainOptions are the settings the parser without Linkify is checked
// under: the defaults, and every optional construct it may run with on.
func plainOptions() map[string]Options {
	all := blocks.All()
	return map[string]Options{
		"default": {TOC: toc.Options{Permalink: true}, LevelIDs: []string{"L6", "L7"}},
		"all on": {TOC: toc.Options{Permalink: true}, TabIDs: TabIDs{Slugify: toc.Default, CombineHeaderSlug: true}, Dialect: Dialect{
			Blocks: &all, ProgressBar: &progressbar.Options{},
			BetterEm: &betterem.Options{SmartUnderscore: true}, Math: &math.Options{Generic: true},
		}},
		"escapeall": {Dialect: Dialect{EscapeAll: &escapeall.Options{Nbsp: true}, BetterEm: &betterem.Options{SmartAsterisk: true}}},
		"untrusted": {Dialect: Dialect{Untrusted: true, Blocks: &all}},
	}
}

// checkPlainSame converts src with the parser Convert picks and with the
// one with Linkify, and fails when the results differ. It reports
// whether Convert picked the plain parser.
func checkPlainSame(t *testing.T, name string, opts Options, src string) bool {
	t.Helper()
	plain := New(opts)
	full := New(opts)
	full.plain = nil
	if plain.markdownFor([]byte(src)) == plain.md {
		return false
	}
	got, want := plain.Convert([]byte(src), &recordLinker{}), full.Convert([]byte(src), &recordLinker{})
	if want.Panic != "" || got.Panic != "" {
		t.Fatalf("%s: %q: panic: %s%s", name, src, want.Panic, got.Panic)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: %q:\n got %q\nwant %q", name, src, got.HTML, want.HTML)
		if string(got.HTML) == string(want.HTML) {
			t.Errorf("same HTML, other results:\n got %+v\nwant %+v", got, want)
		}
	}
	return true
}

// fixtureInputs are the markdown inputs of every construct's fixtures.
func fixtureInputs(t *testing.T) []string {
	files, err := filepath.Glob("*/testdata/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	var inputs []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range strings.Split(string(b), "//= = = = = = = = = = = = = = = = = = = = = = = =//") {
			parts := strings.Split(c, "//- - - - - - - - -//\n")
			if len(parts) >= 3 {
				inputs = append(inputs, parts[1])
			}
		}
	}
	page, err := os.ReadFile("testdata/corpus-page.md")
	if err != nil {
		t.Fatal(err)
	}
	return append(inputs, string(page))
}

// plainPieces are what random texts are made of: the characters that end
// a text node where Linkify is tried (spaces, "(" and the emphasis
// marks), what reads text across nodes (smart symbols, abbreviations'
// words, entities, escapes) and the dialect's inline and block syntax.
var plainPieces = []string{
	"a", "word", "LP", "SLA", " ", " ", "  ", "\t", "\n", "\n", "  \n", "\\\n", "\n\n", "(", ")", "*", "**", "_", "__", "~", "~~",
	"(c)", "(tm)", "c/o", "-->", "<--", "1/2", "1st", "3rd", "+/-", "=/=", "&amp;", "&", "\\", "\\(", "\\*", "\\ ",
	"[", "]", "[x](y.md)", "![i](p.png)", "[^1]", "[^1]: note", "`", "``", ":smile:", ":material-check:", "==", "^^", "++ctrl+a++",
	"$", "$$", "{: .x }", "{ #id }", "#", "# ", "## ", "- ", "1. ", "> ", "!!! note", "??? tip", "    ", "|", "| a | b |\n|---|---|\n",
	"---", "===", "<span>", "</span>", "<div>", "</div>", "<b>x</b>", "///", "/// details | x", "=== \"Tab\"", "[=50%]",
	"```", "```py\nx = 1\n```", "- [ ] ", "- [x] ", "Term\n:   def", "é", "ü ", "\r\n", "\r", " \t", "\v", "\f", "   \n", "    \n", "\t\n",
}

func TestPlainParserIsLinkify(t *testing.T) {
	inputs := fixtureInputs(t)
	r := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		var b strings.Builder
		for range 1 + r.IntN(40) {
			b.WriteString(plainPieces[r.IntN(len(plainPieces))])
		}
		inputs = append(inputs, b.String())
	}
	for name, opts := range plainOptions() {
		picked := 0
		for _, src := range inputs {
			if checkPlainSame(t, name, opts, src) {
				picked++
			}
		}
		// Most inputs have no URL, address or abbreviation: if few took
		// the plain parser, this test would check little.
		if picked < len(inputs)/3 {
			t.Errorf("%s: only %d of %d inputs parsed without Linkify", name, picked, len(inputs))
		}
	}
}

func TestPlainParserNotForLinks(t *testing.T) {
	c := New(Options{})
	for _, src := range []string{"see http://x.org", "ftp://a.b", "www.example.com", "me@example.com", "*[LP]: Leadership Principle\n\nLP"} {
		if c.markdownFor([]byte(src)) != c.md {
			t.Errorf("%q: parsed without Linkify", src)
		}
	}
	if c.markdownFor([]byte("plain prose (and more)")) != c.plain {
		t.Error("prose without links parsed with Linkify")
	}
	for _, d := range []Dialect{{SmartSymbols: &smartsymbols.Options{}}, {MagicLink: &magiclink.Options{}}} {
		if c := New(Options{Dialect: d}); c.markdownFor([]byte("plain prose")) != c.md {
			t.Errorf("%+v: parsed without Linkify", d)
		}
	}
}

// TestPlainParserParsedAgain: a text whose trailing blanks goldmark
// trims otherwise without Linkify is parsed again with it, and the Linker
// hears of each link once.
func TestPlainParserParsedAgain(t *testing.T) {
	src := []byte("[a](x.md) and text\t\t\nmore [b](y.md)\n")
	c := New(Options{})
	l := &recordLinker{}
	res := c.Convert(src, l)
	full := New(Options{})
	full.plain = nil
	want := full.Convert(src, &recordLinker{})
	if !reflect.DeepEqual(res, want) {
		t.Errorf("got %q, want %q", res.HTML, want.HTML)
	}
	if strings.Join(l.seen, ",") != "x.md,y.md" {
		t.Errorf("the Linker saw %q", l.seen)
	}
	plainDoc, pc := parse(c.plain, src, nil, &Result{})
	if pc.Get(blankEndsKey) == nil || plainDoc == nil {
		t.Error("the trailing tabs were not found")
	}
}

func FuzzPlainParser(f *testing.F) {
	for _, p := range plainPieces {
		f.Add(p + " a (b) *c* " + p)
	}
	opts := plainOptions()
	f.Fuzz(func(t *testing.T, src string) {
		for name, o := range opts {
			checkPlainSame(t, name, o, src)
		}
	})
}
