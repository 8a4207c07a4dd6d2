package attrs

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// blockTransformer moves an attribute list written on the last line of a
// paragraph onto the paragraph: `Text.\n{ .lead }` → `<p class="lead">`.
// A paragraph that is only an attribute list stays text, as in attr_list.
type blockTransformer struct{}

// Transform implements parser.ParagraphTransformer.
func (t *blockTransformer) Transform(para *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := para.Lines()
	if lines.Len() < 2 {
		return
	}
	last := lines.At(lines.Len() - 1)
	value := util.TrimRightSpace(util.TrimLeftSpace(last.Value(reader.Source())))
	list, n, ok := Parse(value)
	if !ok || n != len(value) {
		return
	}
	lines.SetSliced(0, lines.Len()-1)
	apply(para, list)
	if item, inItem := para.Parent().(*ast.ListItem); inItem {
		rememberListItem(pc, para, item, list)
	}
}

// listItemAttributes remembers a list item paragraph that carries attributes.
// goldmark replaces the paragraphs of tight lists by text blocks, which
// render no element, after this transformer runs; attr_list then puts the
// attributes on the <li>, and listItemTransformer does the same.
type listItemAttributes struct {
	para *ast.Paragraph
	item *ast.ListItem
	list []Attribute
}

var listItemsKey = parser.NewContextKey()

func rememberListItem(pc parser.Context, para *ast.Paragraph, item *ast.ListItem, list []Attribute) {
	pending, _ := pc.Get(listItemsKey).([]listItemAttributes)
	pc.Set(listItemsKey, append(pending, listItemAttributes{para, item, list}))
}

// listItemTransformer applies the attributes of paragraphs that became text
// blocks of a tight list to their list items.
type listItemTransformer struct{}

// Transform implements parser.ASTTransformer.
func (t *listItemTransformer) Transform(_ *ast.Document, _ text.Reader, pc parser.Context) {
	pending, _ := pc.Get(listItemsKey).([]listItemAttributes)
	for _, p := range pending {
		if p.para.Parent() == nil { // replaced by a text block
			apply(p.item, p.list)
		}
	}
	pc.Set(listItemsKey, nil)
}
