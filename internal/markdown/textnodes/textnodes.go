// Package textnodes finds the text a text transformer (magiclink,
// smartsymbols) may rewrite: the document's text nodes outside code
// spans, images, raw HTML and links.
package textnodes

import "github.com/yuin/goldmark/ast"

// Plain returns doc's text nodes that are not raw, skipping the children
// of code spans, images, raw HTML, autolinks and the extra kinds given.
// They are collected first, so the caller may replace them as it goes.
func Plain(doc ast.Node, skip ...ast.NodeKind) []*ast.Text {
	var texts []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch k := n.Kind(); k {
		case ast.KindCodeSpan, ast.KindImage, ast.KindRawHTML, ast.KindAutoLink:
			return ast.WalkSkipChildren, nil
		case ast.KindText:
			if tx := n.(*ast.Text); !tx.IsRaw() {
				texts = append(texts, tx)
			}
		default:
			for _, s := range skip {
				if k == s {
					return ast.WalkSkipChildren, nil
				}
			}
		}
		return ast.WalkContinue, nil
	})
	return texts
}
