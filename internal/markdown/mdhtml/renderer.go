package mdhtml

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// HTMLRenderer renders the element's tags around its rendered content. Like
// goldmark's raw HTML, the tags are written only with html.WithUnsafe();
// otherwise each is replaced by `<!-- raw HTML omitted -->` and the content
// is still rendered.
type HTMLRenderer struct {
	html.Config
}

// NewHTMLRenderer returns the renderer for Element nodes.
func NewHTMLRenderer(opts ...html.Option) renderer.NodeRenderer {
	r := &HTMLRenderer{Config: html.NewConfig()}
	for _, opt := range opts {
		opt.SetHTMLOption(&r.Config)
	}
	return r
}

// RegisterFuncs implements renderer.NodeRenderer.RegisterFuncs.
func (r *HTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindElement, r.renderElement)
}

func (r *HTMLRenderer) renderElement(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Element)
	switch {
	case !r.Unsafe:
		_, _ = w.WriteString("<!-- raw HTML omitted -->\n")
	case entering:
		_, _ = w.Write(n.OpenTag)
		if !n.Span || n.Below {
			_ = w.WriteByte('\n')
		}
	default:
		// The closing tag repeats the name as written in the opening tag.
		_, _ = w.WriteString("</")
		_, _ = w.Write(n.OpenTag[1 : 1+len(n.Tag)])
		_, _ = w.WriteString(">\n")
	}
	return ast.WalkContinue, nil
}
