package build

import (
	"fmt"

	"github.com/yuin/goldmark"

	"github.com/yuin/goldmark/parser"
	"handbook/internal/diag"
	"handbook/internal/markdown/abbr"
	"handbook/internal/markdown/admonition"
	"handbook/internal/markdown/attrs"
	"handbook/internal/markdown/emoji"
	"handbook/internal/markdown/highlight"
	"handbook/internal/markdown/icons"
	"handbook/internal/markdown/inline"
	"handbook/internal/markdown/math"
	"handbook/internal/markdown/mdhtml"
	"handbook/internal/markdown/tabs"
	"handbook/internal/markdown/tasklist"
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

// dialect lists the Material for MkDocs extensions, in the order they apply.
//
// Icons come from the bundled sets. A project's own sets are the hook for
// the project loader: icons.Load(custom_dir+"/.icons", the emoji
// extension's custom_icons…) gives a Library to pass to icons.New here, and
// its Fingerprint belongs in the conversion cache key.
func dialect(h *highlighter) []goldmark.Extender {
	return []goldmark.Extender{
		admonition.Extension, tabs.Extension, attrs.Extension, mdhtml.Extension,
		h.Extension(),
		inline.Mark, inline.Caret, inline.Tilde, inline.Keys,
		emoji.Extension, icons.Extension, abbr.Extension, tasklist.Extension, math.Extension,
	}
}

// dialectDiagnostics collect the warnings extensions leave in the parser
// context, and the code blocks h could not highlight.
func dialectDiagnostics(h *highlighter) []func(parser.Context) []diag.Diagnostic {
	return []func(parser.Context) []diag.Diagnostic{icons.Warnings, h.Warnings}
}
