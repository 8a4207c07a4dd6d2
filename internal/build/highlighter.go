package build

import (
	"handbook/internal/markdown/highlight"
)

// highlighter is the code-block renderer shared by every page of a build:
// each distinct block is highlighted once, and the persistent cache in the
// site's .cache/handbook/ makes warm builds skip chroma entirely.
type highlighter = highlight.Highlighter

func newHighlighter(opts Options) *highlighter {
	dir := ""
	if opts.CacheDir != "" {
		dir = opts.CacheDir + "/highlight"
	}
	return highlight.New(highlight.Options{CacheDir: dir})
}

func closeHighlighter(h *highlighter) { _ = h.Close() }
