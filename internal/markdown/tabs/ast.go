// Package tabs implements the content tabs of the Material for MkDocs dialect
// (`=== "Label"`, pymdownx.tabbed with alternate_style) as a goldmark
// extension.
//
// The parser turns each marker into a *Tab whose first child is its *Label.
// After inline parsing, a transformer groups consecutive tabs into a *Set:
//
//	Set
//	├── Labels ── Label, Label, …   (inline children: the label text)
//	└── Content ─ Tab, Tab, …       (ordinary block children: the tab body)
//
// so that a plain walk of the tree renders Material's HTML, which lists all
// labels before all bodies.
package tabs

import (
	"strconv"

	"github.com/yuin/goldmark/ast"
)

// Node kinds of the tab nodes.
var (
	KindSet     = ast.NewNodeKind("TabSet")
	KindLabels  = ast.NewNodeKind("TabLabels")
	KindLabel   = ast.NewNodeKind("TabLabel")
	KindContent = ast.NewNodeKind("TabContent")
	KindTab     = ast.NewNodeKind("Tab")
)

// Set is one group of tabs, rendered as
// `<div class="tabbed-set tabbed-alternate" data-tabs="ID:Count">`.
type Set struct {
	ast.BaseBlock
	// ID numbers the sets of a document from 1 in document order.
	ID int
	// Count is the number of tabs.
	Count int
	// Selected is the 0-based index of the tab shown first.
	Selected int
}

// Labels holds the Label nodes of a set.
type Labels struct{ ast.BaseBlock }

// Content holds the Tab nodes of a set.
type Content struct{ ast.BaseBlock }

// Label is the clickable label of one tab; its children are inline nodes.
type Label struct {
	ast.BaseBlock
	// SetID and Index (1-based) identify the tab's radio input
	// `__tabbed_<SetID>_<Index>`, unless ID is set (a slug of the label,
	// pymdownx.tabbed's slugify option).
	SetID, Index int
	ID           string
}

// Tab is the body of one tab: a container of ordinary blocks.
type Tab struct {
	ast.BaseBlock
	// Selected is true for `===+`: this tab is shown first.
	Selected bool
	// NewSet is true for `===!`: this tab starts a new set.
	NewSet bool
}

// InputID returns the id of the radio input of the tab a label belongs to.
func (n *Label) InputID() string {
	if n.ID != "" {
		return n.ID
	}
	return "__tabbed_" + strconv.Itoa(n.SetID) + "_" + strconv.Itoa(n.Index)
}

// Labels returns the set's labels, in order.
func (n *Set) Labels() []*Label {
	var out []*Label
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if _, ok := c.(*Labels); !ok {
			continue
		}
		for l := c.FirstChild(); l != nil; l = l.NextSibling() {
			if label, ok := l.(*Label); ok {
				out = append(out, label)
			}
		}
	}
	return out
}

// Kind implements ast.Node.Kind.
func (n *Set) Kind() ast.NodeKind { return KindSet }

// Kind implements ast.Node.Kind.
func (n *Labels) Kind() ast.NodeKind { return KindLabels }

// Kind implements ast.Node.Kind.
func (n *Label) Kind() ast.NodeKind { return KindLabel }

// Kind implements ast.Node.Kind.
func (n *Content) Kind() ast.NodeKind { return KindContent }

// Kind implements ast.Node.Kind.
func (n *Tab) Kind() ast.NodeKind { return KindTab }

// Dump implements ast.Node.Dump.
func (n *Set) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{
		"ID": strconv.Itoa(n.ID), "Count": strconv.Itoa(n.Count), "Selected": strconv.Itoa(n.Selected),
	}, nil)
}

// Dump implements ast.Node.Dump.
func (n *Labels) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// Dump implements ast.Node.Dump.
func (n *Label) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Input": n.InputID()}, nil)
}

// Dump implements ast.Node.Dump.
func (n *Content) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// Dump implements ast.Node.Dump.
func (n *Tab) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{
		"Selected": strconv.FormatBool(n.Selected), "NewSet": strconv.FormatBool(n.NewSet),
	}, nil)
}
