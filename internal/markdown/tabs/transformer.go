package tabs

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

var (
	setCounterKey = parser.NewContextKey()
	madeKey       = parser.NewContextKey()
)

// Made records that a Tab was put in the document parsed with pc: the
// tab grouper walks only the documents that have one (most pages have
// none, and the walk visits every block).
func Made(pc parser.Context) { pc.Set(madeKey, true) }

// setGrouper wraps runs of consecutive Tab siblings into Sets and numbers the
// sets in document order. It runs after inline parsing, so labels already
// hold their inline children.
type setGrouper struct{}

// Transform implements parser.ASTTransformer.
func (g *setGrouper) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	if pc.Get(madeKey) == nil {
		return
	}
	// The walk visits a parent before its children, so outer sets are
	// numbered before the sets nested in their tabs.
	// A tab is a block: no inline node holds one, nor a block holding
	// inline nodes (a paragraph, heading or text block), so the walk
	// leaves their children (most of a page's nodes) alone.
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.Paragraph, *ast.TextBlock, *ast.Heading:
			return ast.WalkSkipChildren, nil
		}
		if n.Type() == ast.TypeInline {
			return ast.WalkSkipChildren, nil
		}
		if _, done := n.(*Content); !done {
			groupTabs(n, pc)
		}
		return ast.WalkContinue, nil
	})
}

// groupTabs replaces each run of Tab children of parent by one Set. A tab
// marked NewSet (`===!`) starts a new run.
func groupTabs(parent ast.Node, pc parser.Context) {
	var set *Set
	for child := parent.FirstChild(); child != nil; {
		next := child.NextSibling()
		tab, isTab := child.(*Tab)
		switch {
		case !isTab:
			set = nil
		case set == nil || tab.NewSet:
			set = newSet(nextSetID(pc))
			parent.ReplaceChild(parent, tab, set)
			set.add(tab)
		default:
			parent.RemoveChild(parent, tab)
			set.add(tab)
		}
		child = next
	}
}

// nextSetID returns 1 for the first set of a document, then 2, 3, …
func nextSetID(pc parser.Context) int {
	counter := pc.ComputeIfAbsent(setCounterKey, func() any { return new(int) }).(*int)
	*counter++
	return *counter
}

func newSet(id int) *Set {
	set := &Set{ID: id}
	set.AppendChild(set, &Labels{})
	set.AppendChild(set, &Content{})
	return set
}

// add moves the tab's label into the set's labels and the tab into its
// content. The last tab marked Selected (`===+`) is the one shown first.
func (s *Set) add(tab *Tab) {
	s.Count++
	if tab.Selected {
		s.Selected = s.Count - 1
	}
	if label, ok := tab.FirstChild().(*Label); ok {
		tab.RemoveChild(tab, label)
		label.SetID, label.Index = s.ID, s.Count
		s.FirstChild().AppendChild(s.FirstChild(), label)
	}
	s.LastChild().AppendChild(s.LastChild(), tab)
}
