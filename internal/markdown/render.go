package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// RawInline is inline raw HTML whose links were rewritten.
type RawInline struct {
	ast.BaseInline
	Raw []byte
}

// KindRawInline is the kind of RawInline.
var KindRawInline = ast.NewNodeKind("RawInline")

// Kind implements ast.Node.
func (n *RawInline) Kind() ast.NodeKind { return KindRawInline }

// Dump implements ast.Node.
func (n *RawInline) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// RawBlock is a raw HTML block whose links were rewritten.
type RawBlock struct {
	ast.BaseBlock
	Raw []byte
}

// KindRawBlock is the kind of RawBlock.
var KindRawBlock = ast.NewNodeKind("RawBlock")

// Kind implements ast.Node.
func (n *RawBlock) Kind() ast.NodeKind { return KindRawBlock }

// Dump implements ast.Node.
func (n *RawBlock) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// pageRenderer renders headings with a permalink, as MkDocs' toc extension
// does with permalink: true, and the rewritten raw HTML nodes.
type pageRenderer struct{ opts Options }

func (r *pageRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, r.renderHeading)
	reg.Register(KindRawInline, r.renderRaw)
	reg.Register(KindRawBlock, r.renderRaw)
}

func (r *pageRenderer) renderHeading(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	level := byte('0' + n.Level)
	if entering {
		_, _ = w.WriteString("<h")
		_ = w.WriteByte(level)
		if n.Attributes() != nil {
			html.RenderAttributes(w, node, nil)
		}
		_ = w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	if id, ok := n.AttributeString("id"); ok && r.opts.TOC.Permalink {
		_, _ = w.WriteString(`<a class="headerlink" href="#`)
		_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(attrString(id)), false)))
		_, _ = w.WriteString(`" title="`)
		_, _ = w.Write(util.EscapeHTML([]byte(r.opts.TOC.PermalinkTitle)))
		_, _ = w.WriteString(`">`)
		if r.opts.TOC.Symbol == "¶" {
			_, _ = w.WriteString("&para;")
		} else {
			// Python-Markdown writes the symbol as it is: it may be HTML
			// (an icon), as Material's docs show.
			_, _ = w.WriteString(r.opts.TOC.Symbol)
		}
		_, _ = w.WriteString(`</a>`)
	}
	_, _ = w.WriteString("</h")
	_ = w.WriteByte(level)
	_, _ = w.WriteString(">\n")
	return ast.WalkContinue, nil
}

func (r *pageRenderer) renderRaw(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	switch n := node.(type) {
	case *RawInline:
		_, _ = w.Write(n.Raw)
	case *RawBlock:
		_, _ = w.Write(n.Raw)
	}
	return ast.WalkSkipChildren, nil
}
