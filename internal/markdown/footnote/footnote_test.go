package footnote_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/testutil"
	"github.com/yuin/goldmark/text"

	"handbook/internal/markdown/footnote"
	"handbook/internal/markdown/gfm"
	"handbook/internal/markdown/mdtest"
)

// (mdtest's base set, gfm, holds footnote.Extension.)
func newMarkdown() goldmark.Markdown { return mdtest.New() }

// The fixture's expected HTML is Python-Markdown 3.4's footnotes extension
// output for the same input, as MkDocs renders it.
func TestFootnotes(t *testing.T) {
	testutil.DoTestCaseFile(newMarkdown(), "testdata/footnote.txt", t)
}

// The options change the ids and texts as Python-Markdown's do (the
// fixture is its output).
func TestOptions(t *testing.T) {
	md := goldmark.New(
		goldmark.WithParser(gfm.NewParser()),
		goldmark.WithRendererOptions(html.WithUnsafe()),
		goldmark.WithExtensions(gfm.Base{Footnotes: footnote.Options{
			Separator: "-", BacklinkText: "<b>back</b>", SuperscriptText: "[{}]", BacklinkTitle: "Back to note %d & on",
		}}),
	)
	testutil.DoTestCaseFile(md, "testdata/options.txt", t)
}

// The references and notes have their ids as "id" attributes (which the
// page's transformer collects for the link check), as their HTML does.
func TestIDs(t *testing.T) {
	src := []byte("One[^a] two[^b] three[^a] four[^a].\n\n[^b]: B.\n[^a]: A.\n")
	md := newMarkdown()
	doc := md.Parser().Parse(text.NewReader(src))
	var ids []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if k := n.Kind(); k == extast.KindFootnoteLink || k == extast.KindFootnote {
			v, _ := n.AttributeString("id")
			id, _ := v.([]byte)
			ids = append(ids, string(id))
		}
		return ast.WalkContinue, nil
	})
	want := []string{"fnref:a", "fnref:b", "fnref2:a", "fnref3:a", "fn:b", "fn:a"}
	if strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Fatalf("ids %q, want %q", ids, want)
	}
	var out bytes.Buffer
	if err := md.Renderer().Render(&out, src, doc); err != nil {
		t.Fatal(err)
	}
	for _, id := range want {
		if !strings.Contains(out.String(), ` id="`+id+`"`) {
			t.Errorf("id %q not in the HTML:\n%s", id, out.String())
		}
	}
}

func FuzzFootnotes(f *testing.F) {
	for _, seed := range []string{
		"A[^1]\n\n[^1]: x", "[^a]: x\n[^a]: y\n[^a]", "![^x]\n\n[^x]:\n", "> [^q]: z\n\n[^q] [^q]",
		"- [^l]\n\n[^l]: - a\n    - b\n", "[^]: x\n[^ ]: y\n[^ ]",
	} {
		f.Add(seed)
	}
	md := newMarkdown()
	f.Fuzz(func(t *testing.T, src string) {
		mdtest.ConvertTwice(t, md, src)
	})
}

// pathological are inputs that would make a careless transformer do work
// growing with the square of their length: many notes, many references to
// one, labels defined again and again.
var pathological = []string{"[^a] ", "[^a]: x\n", "x[^b]\n\n[^b]: y\n\n", "[^a]"}

func TestLinearWork(t *testing.T) {
	md := newMarkdown()
	for _, unit := range pathological {
		mdtest.CheckLinear(t, md, "[^a]: note\n\n", unit)
	}
}

func BenchmarkPathological(b *testing.B) {
	mdtest.Benchmark(b, newMarkdown(), "[^a]: note\n\n", pathological)
}
