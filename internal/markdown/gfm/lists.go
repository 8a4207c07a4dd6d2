package gfm

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Python-Markdown reads a change of bullet character ("* a", then "- b")
// as the same list; CommonMark starts a new one, which renders as two
// lists, spaced apart. bulletRuns joins such lists back into one when both
// are tight and nothing, not even a blank line, separates them (a blank
// line would make Python-Markdown's list loose: that case is left as
// CommonMark has it).

var bulletListsKey = parser.NewContextKey() // []*ast.List: the page's bullet lists

// bulletLists is goldmark's list parser, noting the bullet lists it opens,
// so that a page is never walked for them.
type bulletLists struct{ parser.BlockParser }

func (p bulletLists) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	n, state := p.BlockParser.Open(parent, reader, pc)
	if list, ok := n.(*ast.List); ok && !list.IsOrdered() {
		lists, _ := pc.Get(bulletListsKey).([]*ast.List)
		pc.Set(bulletListsKey, append(lists, list))
	}
	return n, state
}

type bulletRuns struct{}

func (bulletRuns) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	lists, _ := pc.Get(bulletListsKey).([]*ast.List)
	pc.Set(bulletListsKey, nil)
	for _, list := range lists {
		if list.Parent() == nil || !list.IsTight {
			continue // (joined into the one before, or loose)
		}
		for {
			next, ok := list.NextSibling().(*ast.List)
			if !ok || next.IsOrdered() || !next.IsTight || next.HasBlankPreviousLines() {
				break
			}
			for item := next.FirstChild(); item != nil; {
				following := item.NextSibling()
				list.AppendChild(list, item)
				item = following
			}
			next.Parent().RemoveChild(next.Parent(), next)
		}
	}
}
