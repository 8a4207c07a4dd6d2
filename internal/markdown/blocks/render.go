package blocks

import (
	"sort"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// KindRawInline is the kind of RawInline.
var KindRawInline = ast.NewNodeKind("BlockRawInline")

// RawInline is inline HTML written as it is (a caption's number prefix).
type RawInline struct {
	ast.BaseInline
	HTML []byte
}

// Kind implements ast.Node.
func (r *RawInline) Kind() ast.NodeKind { return KindRawInline }

// Dump implements ast.Node.
func (r *RawInline) Dump(source []byte, level int) { ast.DumpHelper(r, source, level, nil, nil) }

type htmlRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (r *htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindElement, r.renderElement)
	reg.Register(KindRawInline, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.Write(n.(*RawInline).HTML)
		}
		return ast.WalkSkipChildren, nil
	})
	// A block that was never transformed (the transformer did not run)
	// shows its content.
	reg.Register(KindBlock, func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkContinue, nil
	})
}

// renderElement writes `<tag attrs>`, the content and `</tag>`, with the
// line breaks Python-Markdown puts around block elements.
func (r *htmlRenderer) renderElement(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	e := node.(*Element)
	if entering {
		_ = w.WriteByte('<')
		_, _ = w.WriteString(e.Tag)
		// Python-Markdown writes attributes in lexical order.
		for _, a := range sortedAttrs(e.Attrs) {
			_, _ = w.WriteString(" " + a.Name + `="`)
			_, _ = w.Write(util.EscapeHTML([]byte(a.Value)))
			_ = w.WriteByte('"')
		}
		_ = w.WriteByte('>')
		switch {
		case e.HasRaw && e.Escape:
			_, _ = w.Write(util.EscapeHTML(e.Raw))
		case e.HasRaw:
			_, _ = w.Write(e.Raw)
		case !e.Inline && e.HasChildren():
			_ = w.WriteByte('\n')
		}
		if e.HasRaw {
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	}
	r.close(w, e)
	return ast.WalkContinue, nil
}

func sortedAttrs(attrs []Attr) []Attr {
	if len(attrs) < 2 {
		return attrs
	}
	out := append([]Attr(nil), attrs...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (r *htmlRenderer) close(w util.BufWriter, e *Element) {
	_, _ = w.WriteString("</" + e.Tag + ">\n")
}
