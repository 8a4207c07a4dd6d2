package abbr

import (
	"bytes"
	"handbook/internal/markdown/mdtest"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/testutil"
	"github.com/yuin/goldmark/text"
)

func newMarkdown() goldmark.Markdown { return mdtest.New(Extension) }

func TestAbbr(t *testing.T) { testutil.DoTestCaseFile(newMarkdown(), "testdata/abbr.txt", t) }

// TestDefinitionsLeaveTheTree checks that text walks (search, summaries)
// never meet a definition.
// TestDefinitionsLeaveTheTree: a definition's block is removed, one that
// only undefines (an empty title) too, although it defines nothing.
func TestDefinitionsLeaveTheTree(t *testing.T) {
	for _, src := range []string{"Intro LP.\n\n*[LP]: Leadership Principle\n", "Intro LP.\n\n*[LP]:\n"} {
		doc := newMarkdown().Parser().Parse(text.NewReader([]byte(src)))
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if n.Kind() == KindDefinition {
				t.Errorf("%q: definition node left in the tree", src)
			}
			return ast.WalkContinue, nil
		})
		if doc.ChildCount() != 1 {
			t.Errorf("%q: document has %d children, want the paragraph only", src, doc.ChildCount())
		}
	}
}

func FuzzAbbr(f *testing.F) {
	for _, seed := range []string{
		"LP\n\n*[LP]: Leadership Principle", "*[A]: x\n*[A B]: y\nA B A", "*[]: x", "*[é]: e\néé é",
		"- *[X]: y\n  X", "> *[X]: y\nX `X`",
	} {
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
var pathological = []string{"LP ", "L", "LPLP", "*[LP]: x\n", "*[", "LP\n"}

// TestLinearWork feeds pathological input to the parsers and counts their
// work on n and 10n repetitions (see mdtest.CheckLinear).
func TestLinearWork(t *testing.T) {
	md := newMarkdown()
	for _, unit := range pathological {
		mdtest.CheckLinear(t, md, "*[LP]: a\n*[LPX]: b\n*[L]: c\n", unit)
	}
}

func BenchmarkPathological(b *testing.B) {
	mdtest.Benchmark(b, newMarkdown(), "*[LP]: a\n*[LPX]: b\n*[L]: c\n", pathological)
}
