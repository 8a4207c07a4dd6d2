package tabs

import (
	"strconv"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// HTMLRenderer renders tab sets like pymdownx.tabbed's alternate style: one
// radio input per tab, then the labels, then the tab bodies. CSS shows the
// body whose input is checked, so tabs work without JavaScript.
type HTMLRenderer struct{}

// NewHTMLRenderer returns the renderer for tab nodes.
func NewHTMLRenderer() renderer.NodeRenderer { return &HTMLRenderer{} }

// RegisterFuncs implements renderer.NodeRenderer.RegisterFuncs.
func (r *HTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindSet, r.renderSet)
	reg.Register(KindLabels, wrapper(`<div class="tabbed-labels">`, "</div>\n"))
	reg.Register(KindLabel, r.renderLabel)
	reg.Register(KindContent, wrapper("<div class=\"tabbed-content\">\n", "</div>\n"))
	reg.Register(KindTab, r.renderTab)
}

// wrapper renders a node as fixed opening and closing markup around its children.
func wrapper(open, close string) renderer.NodeRendererFunc {
	return func(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(open)
		} else {
			_, _ = w.WriteString(close)
		}
		return ast.WalkContinue, nil
	}
}

func (r *HTMLRenderer) renderSet(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</div>\n")
		return ast.WalkContinue, nil
	}
	n := node.(*Set)
	id := strconv.Itoa(n.ID)
	_, _ = w.WriteString(`<div class="tabbed-set tabbed-alternate" data-tabs="` + id + ":" + strconv.Itoa(n.Count) + `">`)
	labels := n.Labels()
	for i := range n.Count {
		_, _ = w.WriteString("<input ")
		if i == n.Selected {
			_, _ = w.WriteString(`checked="checked" `)
		}
		input := "__tabbed_" + id + "_" + strconv.Itoa(i+1)
		if i < len(labels) {
			input = labels[i].InputID()
		}
		_, _ = w.WriteString(`id="` + string(util.EscapeHTML([]byte(input))) + `" name="__tabbed_` + id + `" type="radio" />`)
	}
	return ast.WalkContinue, nil
}

func (r *HTMLRenderer) renderLabel(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<label for="` + string(util.EscapeHTML([]byte(node.(*Label).InputID()))) + `">`)
	} else {
		_, _ = w.WriteString("</label>")
	}
	return ast.WalkContinue, nil
}

// renderTab writes a tab's body; attributes set on the tab (by a `/// tab`
// block's attrs option) go on its element, classes after "tabbed-block".
func (r *HTMLRenderer) renderTab(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</div>\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<div class="tabbed-block`)
	if class, ok := node.AttributeString("class"); ok {
		_ = w.WriteByte(' ')
		_, _ = w.Write(util.EscapeHTML(attrBytes(class)))
	}
	_ = w.WriteByte('"')
	for _, a := range node.Attributes() {
		if string(a.Name) == "class" {
			continue
		}
		_, _ = w.WriteString(" " + string(a.Name) + `="`)
		_, _ = w.Write(util.EscapeHTML(attrBytes(a.Value)))
		_ = w.WriteByte('"')
	}
	_, _ = w.WriteString(">\n")
	return ast.WalkContinue, nil
}

func attrBytes(v any) []byte {
	switch x := v.(type) {
	case []byte:
		return x
	case string:
		return []byte(x)
	}
	return nil
}
