package toc_test

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"

	"handbook/internal/markdown/toc"
)

// slugifiers are the functions testdata/gen_slugs.py ran through
// Python-Markdown's toc extension.
var slugifiers = map[string]toc.Slugify{
	"default":               toc.Default,
	"unicode":               toc.Unicode,
	"slugify":               toc.Pymdownx(toc.SlugOptions{}),
	"slugify-lower":         toc.Pymdownx(toc.SlugOptions{Case: "lower"}),
	"slugify-lower-ascii":   toc.Pymdownx(toc.SlugOptions{Case: "lower-ascii"}),
	"slugify-fold":          toc.Pymdownx(toc.SlugOptions{Case: "fold"}),
	"slugify-lower-percent": toc.Pymdownx(toc.SlugOptions{Case: "lower", PercentEncode: true}),
	"slugify-nfd-lower":     toc.Pymdownx(toc.SlugOptions{Case: "lower", Normalize: "NFD"}),
	"slugify-nfkd":          toc.Pymdownx(toc.SlugOptions{Normalize: "NFKD"}),
}

// TestSlugsMatchPythonMarkdown compares each slugify with the ids
// Python-Markdown gave the same headings (testdata/slugs.tsv).
func TestSlugsMatchPythonMarkdown(t *testing.T) {
	f, err := os.Open("testdata/slugs.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		parts := strings.Split(sc.Text(), "\t")
		if len(parts) != 3 {
			t.Fatalf("bad line %q", sc.Text())
		}
		fn := slugifiers[parts[0]]
		if fn == nil {
			t.Fatalf("unknown slugify %q", parts[0])
		}
		heading := unescapePython(parts[1])
		want := parts[2]
		if want == "_1" { // an empty id made unique by toc
			want = ""
		}
		if got := fn(heading, "-"); got != want {
			t.Errorf("%s(%q) = %q, want %q", parts[0], heading, got, want)
		}
		n++
	}
	if n < 100 {
		t.Fatalf("only %d cases read", n)
	}
}

// unescapePython reads Python's unicode_escape (\xNN, \uNNNN, \UNNNNNNNN).
func unescapePython(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		width := map[byte]int{'x': 2, 'u': 4, 'U': 8}[s[i+1]]
		if width == 0 || i+2+width > len(s) {
			b.WriteByte(s[i])
			continue
		}
		r, err := strconv.ParseUint(s[i+2:i+2+width], 16, 32)
		if err != nil {
			b.WriteByte(s[i])
			continue
		}
		b.WriteRune(rune(r))
		i += 1 + width
	}
	return b.String()
}

func TestNamed(t *testing.T) {
	for _, name := range []string{"markdown.extensions.toc.slugify", "toc.slugify_unicode", "pymdownx.slugs.slugify", "pymdownx.slugs.uslugify", "pymdownx.slugs.gfm_encoded"} {
		if _, ok := toc.Named(name, toc.SlugOptions{}); !ok {
			t.Errorf("%s not known", name)
		}
	}
	if _, ok := toc.Named("my_project.slug", toc.SlugOptions{}); ok {
		t.Error("an unknown function was accepted")
	}
	fn, _ := toc.Named("pymdownx.slugs.slugify", toc.SlugOptions{Case: "lower"})
	if got := fn("Ünïcode Title", "-"); got != "ünïcode-title" {
		t.Errorf("got %q", got)
	}
}

func TestDepthAndDefaults(t *testing.T) {
	for in, want := range map[string][2]int{"3": {1, 3}, "2-4": {2, 4}, " 1 - 6 ": {1, 6}, "0": {1, 0}} {
		top, bottom, err := toc.ParseDepth(in)
		if err != nil || top != want[0] || bottom != want[1] {
			t.Errorf("ParseDepth(%q) = %d, %d, %v", in, top, bottom, err)
		}
	}
	for _, bad := range []string{"x", "4-2", "2-9", "-1"} {
		if _, _, err := toc.ParseDepth(bad); err == nil {
			t.Errorf("ParseDepth(%q) accepted", bad)
		}
	}
	o := toc.Options{Top: 2, Bottom: 3}
	if o.Listed(1) || !o.Listed(2) || !o.Listed(3) || o.Listed(4) {
		t.Error("Listed ignores the range")
	}
	if d := (toc.Options{}).WithDefaults(); d.Symbol != "¶" || d.PermalinkTitle != "Permanent link" || d.ID("A B") != "a-b" {
		t.Errorf("defaults: %+v", d)
	}
}

func FuzzSlugify(f *testing.F) {
	f.Add("Ünïcödé <b>Straße</b> 🚀 C++ ½")
	f.Fuzz(func(t *testing.T, s string) {
		for name, fn := range slugifiers {
			a := fn(s, "-")
			if a != fn(s, "-") || strings.ContainsAny(a, " <>\"'&") {
				t.Fatalf("%s(%q) = %q", name, s, a)
			}
		}
	})
}
