package math

import (
	"bytes"
	"testing"

	"handbook/internal/markdown/mdtest"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/testutil"
	"github.com/yuin/goldmark/text"
)

func newMarkdown() goldmark.Markdown { return mdtest.New(Extension) }

func TestMath(t *testing.T) { testutil.DoTestCaseFile(newMarkdown(), "testdata/math.txt", t) }

// arithmatex's options: every syntax in generic mode, MathJax's script
// form, and smart_dollar off.
func TestArithmatexOptions(t *testing.T) {
	testutil.DoTestCaseFile(mdtest.New(New(Options{Generic: true, SmartDollar: true})), "testdata/generic.txt", t)
	testutil.DoTestCaseFile(mdtest.New(New(Options{Preview: true, SmartDollar: true})), "testdata/script.txt", t)
	testutil.DoTestCaseFile(mdtest.New(New(Options{Generic: true})), "testdata/plain-dollar.txt", t)
}

func TestHasMath(t *testing.T) {
	for src, want := range map[string]bool{
		"plain $5 and $10":            false,
		"`$x$` in code":               false,
		"inline $x$":                  true,
		"- list\n\n  $$\n  x\n  $$\n": true,
	} {
		doc := newMarkdown().Parser().Parse(text.NewReader([]byte(src)))
		if got := HasMath(doc); got != want {
			t.Errorf("HasMath(%q) = %v, want %v", src, got, want)
		}
	}
}

func FuzzMath(f *testing.F) {
	for _, seed := range []string{"$x$", "$5 and $10", "$$\nx\n$$", "$$x$$", "- $$\n  a\n", "$a\\$b$", "$$$$"} {
		f.Add(seed)
	}
	md := newMarkdown()
	f.Fuzz(func(t *testing.T, src string) {
		var out bytes.Buffer
		if err := md.Convert([]byte(src), &out); err != nil {
			t.Fatal(err)
		}
	})
}

// pathological are inputs that would make a careless parser do work
// growing with the square of their length.
var pathological = []string{"$", "$$", "$a", "$a $", "$\\", "$$\n", "$$\na\n"}

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
