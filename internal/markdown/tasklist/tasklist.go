// Package tasklist renders GFM task lists in Material for MkDocs' markup
// (pymdownx.tasklist with custom_checkbox), so the theme can draw its own
// checkbox:
//
//	<ul class="task-list">
//	<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled checked/><span class="task-list-indicator"></span></label> text</li>
//
// It builds on goldmark's checkbox parser, which it installs itself;
// adding goldmark's extension.TaskList as well is harmless.
package tasklist

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"strings"
)

// Classes Material for MkDocs puts on task lists.
const (
	ListClass = "task-list"
	ItemClass = "task-list-item"
)

// classTransformer marks the items holding a checkbox, and their lists.
type classTransformer struct{}

func (classTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	if pc.Get(madeKey) == nil {
		return // no checkbox on the page: no walk
	}
	// A checkbox is inline, its block's children: the walk looks at the
	// children of blocks and leaves inline nodes' children alone.
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Type() == ast.TypeInline && n.Kind() != extast.KindTaskCheckBox {
			return ast.WalkSkipChildren, nil
		}
		if !entering || n.Kind() != extast.KindTaskCheckBox {
			return ast.WalkContinue, nil
		}
		// The parser only accepts a checkbox at the start of an item's
		// first block, so the item is the grandparent.
		block := n.Parent()
		if block == nil {
			return ast.WalkContinue, nil
		}
		if item, ok := block.Parent().(*ast.ListItem); ok {
			addClass(item, ItemClass)
			if list := item.Parent(); list != nil {
				addClass(list, ListClass)
			}
		}
		return ast.WalkContinue, nil
	})
}

// addClass appends class to n's class attribute unless it is already there.
func addClass(n ast.Node, class string) {
	v, ok := n.AttributeString("class")
	existing, _ := v.([]byte)
	if !ok || len(existing) == 0 {
		n.SetAttributeString("class", []byte(class))
		return
	}
	for _, c := range splitFields(existing) {
		if c == class {
			return
		}
	}
	n.SetAttributeString("class", append(append(append([]byte{}, existing...), ' '), class...))
}

func splitFields(b []byte) []string {
	var out []string
	start := -1
	for i := 0; i <= len(b); i++ {
		if i == len(b) || b[i] == ' ' || b[i] == '\t' {
			if start >= 0 {
				out = append(out, string(b[start:i]))
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	return out
}

// HTMLRenderer renders checkboxes as Material's styled control.
type HTMLRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (HTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindTaskCheckBox, renderCheckBox)
}

func renderCheckBox(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	// The label holds only the box (as in Material), so the box is named by
	// the item's text for assistive technology.
	_, _ = w.WriteString(`<label class="task-list-control"><input type="checkbox" disabled`)
	if n.(*extast.TaskCheckBox).IsChecked {
		_, _ = w.WriteString(` checked`)
	}
	if name := itemText(n, source); name != "" {
		_, _ = w.WriteString(` aria-label="`)
		_, _ = w.Write(util.EscapeHTML([]byte(name)))
		_, _ = w.WriteString(`"`)
	}
	_, _ = w.WriteString(`/>`)
	_, _ = w.WriteString(`<span class="task-list-indicator"></span></label> `)
	return ast.WalkContinue, nil
}

type tasklistExtension struct{}

// Extension parses "- [x] item" task lists and renders them in Material's markup.
var Extension goldmark.Extender = tasklistExtension{}

// madeKey is set in a page's parser.Context once a checkbox is parsed.
var madeKey = parser.NewContextKey()

// checkBoxParser is goldmark's checkbox parser noting the checkboxes it
// makes (madeKey).
type checkBoxParser struct{ parser.InlineParser }

func (p checkBoxParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	n := p.InlineParser.Parse(parent, block, pc)
	if n != nil {
		pc.Set(madeKey, true)
	}
	return n
}

func (tasklistExtension) Extend(m goldmark.Markdown) {
	// Before goldmark's own parser (0), should extension.TaskList be
	// added too: every checkbox is made by this one.
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(checkBoxParser{extension.NewTaskCheckBoxParser()}, -1)))
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(classTransformer{}, 500)))
	// Renderers registered with a lower number win; goldmark's own
	// checkbox renderer (extension.TaskList's) is at 500.
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(HTMLRenderer{}, 90)))
}

// itemText is the plain text that follows the checkbox in its item.
func itemText(box ast.Node, source []byte) string {
	var b strings.Builder
	for n := box.NextSibling(); n != nil; n = n.NextSibling() {
		_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch c := c.(type) {
			case *ast.Text:
				b.Write(c.Segment.Value(source))
				if c.SoftLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(c.Value)
			}
			return ast.WalkContinue, nil
		})
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
