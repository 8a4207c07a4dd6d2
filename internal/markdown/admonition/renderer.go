package admonition

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// HTMLRenderer renders admonitions the way Material for MkDocs does:
//
//	<div class="admonition note"><p class="admonition-title">Title</p>…</div>
//	<details class="note" open="open"><summary>Title</summary>…</details>
type HTMLRenderer struct{}

// NewHTMLRenderer returns the renderer for admonition nodes.
func NewHTMLRenderer() renderer.NodeRenderer { return &HTMLRenderer{} }

// RegisterFuncs implements renderer.NodeRenderer.RegisterFuncs.
func (r *HTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindAdmonition, r.renderAdmonition)
	reg.Register(KindTitle, r.renderTitle)
}

func (r *HTMLRenderer) renderAdmonition(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Admonition)
	// Classes hold only word characters (see isWordByte), so they need no escaping.
	classes := strings.Join(n.Classes, " ")
	switch {
	case n.Collapsible && entering:
		_, _ = w.WriteString(`<details class="` + classes + `"`)
		if n.Open {
			_, _ = w.WriteString(` open="open"`)
		}
		_, _ = w.WriteString(">\n")
	case n.Collapsible:
		_, _ = w.WriteString("</details>\n")
	case entering:
		_, _ = w.WriteString(`<div class="admonition ` + classes + "\">\n")
	default:
		_, _ = w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}

func (r *HTMLRenderer) renderTitle(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	parent, _ := node.Parent().(*Admonition)
	collapsible := parent != nil && parent.Collapsible
	switch {
	case collapsible && entering:
		_, _ = w.WriteString("<summary>")
	case collapsible:
		_, _ = w.WriteString("</summary>\n")
	case entering:
		_, _ = w.WriteString(`<p class="admonition-title">`)
	default:
		_, _ = w.WriteString("</p>\n")
	}
	return ast.WalkContinue, nil
}
