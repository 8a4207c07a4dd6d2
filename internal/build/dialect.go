package build

import (
	"github.com/yuin/goldmark"
)

// highlighter is the code-block renderer shared by every page of a build.
type highlighter struct{}

func newHighlighter(opts Options) *highlighter { return &highlighter{} }

func hlStats(h *highlighter) string { return "" }

func closeHighlighter(h *highlighter) {}

// dialect lists the Material for MkDocs extensions, in the order they apply.
func dialect(h *highlighter) []goldmark.Extender {
	return nil
}
