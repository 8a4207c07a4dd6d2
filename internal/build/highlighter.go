package build

import (
	"fmt"

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

func hlStats(h *highlighter) string {
	s := h.Stats()
	return fmt.Sprintf("%d code blocks: %d highlighted, %d from this build's memo, %d from the disk cache", s.Blocks, s.Highlighted, s.MemoHits, s.DiskHits)
}

func closeHighlighter(h *highlighter) { _ = h.Close() }
