// Package mdhtml implements Python-Markdown's md_in_html for goldmark: a
// block HTML element whose opening tag carries `markdown`, `markdown="1"` or
// `markdown="block"` has its content parsed as markdown.
//
//	<div class="grid" markdown>
//	**Bold** inside.
//	</div>
//
// renders as `<div class="grid">\n<p><strong>Bold</strong> inside.</p>\n</div>`.
package mdhtml

import (
	"github.com/yuin/goldmark/ast"
)

// KindElement is the node kind of an HTML element with markdown content.
var KindElement = ast.NewNodeKind("MarkdownHTMLElement")

// Element is a container block: an HTML element whose children are the
// ordinary blocks parsed from its content, or, in span mode, the inline
// nodes of its text.
type Element struct {
	ast.BaseBlock
	// Tag is the lowercased element name, e.g. "div".
	Tag string
	// OpenTag is the opening tag as written, without the markdown attribute.
	OpenTag []byte
	// Span is set for span content (markdown="span", or markdown on an
	// element Python-Markdown fills with text: p, h1–h6, li, td…): the
	// element's lines are parsed as inline markdown, with no blocks.
	Span bool
	// Below is set when span text starts on the line after the opening tag
	// (the tags then stand on lines of their own, as Python-Markdown
	// writes them).
	Below bool

	depth       int  // open elements named Tag, counting this one
	closeOnNext bool // the closing tag ended a content line; close before the next
}

// Kind implements ast.Node.Kind.
func (n *Element) Kind() ast.NodeKind { return KindElement }

// Dump implements ast.Node.Dump.
func (n *Element) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"OpenTag": string(n.OpenTag)}, nil)
}
