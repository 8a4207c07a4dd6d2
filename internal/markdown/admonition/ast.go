// Package admonition implements the admonitions (`!!! type "Title"`) and
// collapsible blocks (`??? type "Title"`, `???+ type "Title"`) of the
// Material for MkDocs dialect as a goldmark extension.
package admonition

import (
	"strings"

	"github.com/yuin/goldmark/ast"
)

// KindAdmonition is the node kind of admonitions and collapsible blocks.
var KindAdmonition = ast.NewNodeKind("Admonition")

// KindTitle is the node kind of an admonition's title bar or summary.
var KindTitle = ast.NewNodeKind("AdmonitionTitle")

// Admonition is a container block. Its first child is a *Title unless the
// title was given as "" on an admonition; the remaining children are the
// ordinary blocks of its body.
type Admonition struct {
	ast.BaseBlock
	// Classes are the lowercased words after the marker; the first is the type
	// ("note", "warning", …), any others are extra classes ("inline", "end").
	Classes []string
	// Collapsible is true for `???` and `???+` blocks, rendered as <details>.
	Collapsible bool
	// Open is true for `???+` blocks, which start unfolded.
	Open bool
}

// NewAdmonition returns an empty admonition with the given classes.
func NewAdmonition(classes []string, collapsible, open bool) *Admonition {
	return &Admonition{Classes: classes, Collapsible: collapsible, Open: open}
}

// AdmonitionType returns the admonition type: the first class.
func (n *Admonition) AdmonitionType() string {
	if len(n.Classes) == 0 {
		return ""
	}
	return n.Classes[0]
}

// Title returns the title node, or nil for an admonition without a title bar.
func (n *Admonition) Title() *Title {
	title, _ := n.FirstChild().(*Title)
	return title
}

// Kind implements ast.Node.Kind.
func (n *Admonition) Kind() ast.NodeKind { return KindAdmonition }

// Dump implements ast.Node.Dump.
func (n *Admonition) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{
		"Classes":     strings.Join(n.Classes, " "),
		"Collapsible": boolString(n.Collapsible),
		"Open":        boolString(n.Open),
	}, nil)
}

// Title is the title of an admonition: a block whose children are inline
// nodes (parsed from the quoted title) or, for a title derived from the type,
// a single *ast.String.
type Title struct {
	ast.BaseBlock
}

// NewTitle returns an empty title.
func NewTitle() *Title { return &Title{} }

// Kind implements ast.Node.Kind.
func (n *Title) Kind() ast.NodeKind { return KindTitle }

// Dump implements ast.Node.Dump.
func (n *Title) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, nil, nil)
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
