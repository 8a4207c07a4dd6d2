package tabs_test

import (
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/testutil"
	"github.com/yuin/goldmark/text"

	"handbook/internal/markdown/admonition"
	"handbook/internal/markdown/attrs"
	"handbook/internal/markdown/mdhtml"
	"handbook/internal/markdown/tabs"
)

// newFullMarkdown configures goldmark the way the site does: every dialect
// extension plus GFM, footnotes, definition lists, heading attributes,
// automatic heading ids and raw HTML.
func newFullMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(
			extension.GFM, extension.Footnote, extension.DefinitionList,
			admonition.Extension, tabs.Extension, attrs.Extension, mdhtml.Extension,
		),
		goldmark.WithParserOptions(parser.WithHeadingAttribute(), parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(html.WithUnsafe()),
	)
}

func TestConstructsNestAndCompose(t *testing.T) {
	testutil.DoTestCaseFile(newFullMarkdown(), "testdata/nesting.txt", t, testutil.ParseCliCaseArg()...)
}

// TestContainersHoldOrdinaryNodes checks the tree shape other code walks:
// a heading and a link inside tabs inside an admonition are plain goldmark
// nodes reachable by ast.Walk.
func TestContainersHoldOrdinaryNodes(t *testing.T) {
	src := []byte("!!! note \"T\"\n    === \"A\"\n        ## Deep\n\n        [link](x.md)\n")
	doc := newFullMarkdown().Parser().Parse(text.NewReader(src))
	var path []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *admonition.Admonition, *tabs.Set, *tabs.Tab, *ast.Heading, *ast.Link:
			path = append(path, n.Kind().String())
		}
		return ast.WalkContinue, nil
	})
	want := []string{"Admonition", "TabSet", "Tab", "Heading", "Link"}
	if len(path) != len(want) {
		t.Fatalf("walk found %v, want %v", path, want)
	}
	for i := range want {
		if path[i] != want[i] {
			t.Fatalf("walk found %v, want %v", path, want)
		}
	}
}
