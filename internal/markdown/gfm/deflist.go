package gfm

import (
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// looseness gives definitions the paragraphs Python-Markdown's def_list
// gives them. A term's definitions are loose (their text in <p>) when a
// blank line separates the term from its first definition, and a
// definition of more than one block is loose; the others are tight.
// goldmark makes a definition loose when any blank line precedes it, one
// between two definitions too, and leaves the first text of a definition
// of several blocks bare.
type looseness struct{}

func (looseness) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	lists, _ := pc.Get(listsKey).([]*extast.DefinitionList)
	for _, list := range lists {
		setLooseness(list)
	}
}

var listsKey = parser.NewContextKey() // []*extast.DefinitionList: the page's

// listParser is goldmark's definition list parser, noting the lists it
// opens, so that a page without one is not walked for them.
type listParser struct{ parser.BlockParser }

func (p listParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	n, state := p.BlockParser.Open(parent, reader, pc)
	if list, ok := n.(*extast.DefinitionList); ok {
		lists, _ := pc.Get(listsKey).([]*extast.DefinitionList)
		pc.Set(listsKey, append(lists, list))
	}
	return n, state
}

func setLooseness(list *extast.DefinitionList) {
	loose, first := false, true
	for c := list.FirstChild(); c != nil; c = c.NextSibling() {
		dd, ok := c.(*extast.DefinitionDescription)
		if !ok {
			first = true // a term: its group starts
			continue
		}
		if first {
			loose, first = dd.HasBlankPreviousLines(), false
		}
		dd.IsTight = !loose && dd.ChildCount() <= 1
		for b := dd.FirstChild(); b != nil; {
			next := b.NextSibling()
			switch {
			case dd.IsTight && b.Kind() == ast.KindParagraph:
				replaceBlock(dd, b, ast.NewTextBlock())
			case !dd.IsTight && b.Kind() == ast.KindTextBlock:
				replaceBlock(dd, b, ast.NewParagraph())
			}
			b = next
		}
	}
}

// replaceBlock puts to in from's place, with its lines and children.
func replaceBlock(parent, from, to ast.Node) {
	to.SetLines(from.Lines())
	to.SetBlankPreviousLines(from.HasBlankPreviousLines())
	for c := from.FirstChild(); c != nil; {
		next := c.NextSibling()
		to.AppendChild(to, c)
		c = next
	}
	parent.ReplaceChild(parent, from, to)
}
