package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"

	"handbook/internal/markdown/icons"
	"handbook/internal/markdown/untrusted"

	"handbook/internal/markdown/betterem"
	"handbook/internal/markdown/blocks"
	"handbook/internal/markdown/escapeall"
	"handbook/internal/markdown/magiclink"
	"handbook/internal/markdown/progressbar"
	"handbook/internal/markdown/smartsymbols"

	"handbook/internal/diag"
	"handbook/internal/markdown/abbr"
	"handbook/internal/markdown/admonition"
	"handbook/internal/markdown/attrs"
	"handbook/internal/markdown/emoji"
	"handbook/internal/markdown/footnote"
	"handbook/internal/markdown/gfm"
	"handbook/internal/markdown/highlight"
	"handbook/internal/markdown/inline"
	"handbook/internal/markdown/math"
	"handbook/internal/markdown/mdhtml"
	"handbook/internal/markdown/tabs"
	"handbook/internal/markdown/tasklist"
)

// Dialect is the Material for MkDocs dialect as one goldmark extender, as
// goldmark's extension.GFM bundles GitHub's: the base (gfm) and every
// construct of the dialect, in the order they apply. A new construct is
// added here, once.
type Dialect struct {
	// Highlighter renders code blocks (shared by a build's pages so each
	// distinct block is highlighted once); nil makes one with no disk cache.
	Highlighter *highlight.Highlighter
	// Icons are the icon sets shortcodes name; nil means the bundled ones.
	// A project's own sets (custom_dir/.icons, custom_icons) come from
	// icons.Load, and its Fingerprint belongs in the conversion cache key.
	Icons *icons.Library

	// The pymdownx extensions a project turns on (its markdown_extensions),
	// with their options; nil leaves one out.
	Blocks       *blocks.Options       // pymdownx.blocks.*: /// generic blocks
	SmartSymbols *smartsymbols.Options // pymdownx.smartsymbols
	MagicLink    *magiclink.Options    // pymdownx.magiclink's repository shorthand
	ProgressBar  *progressbar.Options  // pymdownx.progressbar
	EscapeAll    *escapeall.Options    // pymdownx.escapeall
	BetterEm     *betterem.Options     // pymdownx.betterem's smart emphasis
	// Math is pymdownx.arithmatex's options; nil is the math every page
	// has: generic $…$ and $$ … $$.
	Math *math.Options
	// Footnotes are the footnotes extension's options; nil is its defaults.
	Footnotes *footnote.Options

	// Untrusted is for sites publishing contributions they do not trust
	// (security: {raw_html: false}): raw HTML is shown as text, script
	// URLs are dropped (see package untrusted), and markdown in HTML and
	// /// html blocks are left out.
	Untrusted bool

	// noLinkify leaves bare links out, for texts in which there are none
	// (see Converter.Convert).
	noLinkify bool
}

func (d *Dialect) highlighter() *highlight.Highlighter {
	if d.Highlighter == nil {
		d.Highlighter = highlight.New(highlight.Options{})
	}
	return d.Highlighter
}

func (d *Dialect) math() goldmark.Extender {
	if d.Math == nil {
		return math.Extension
	}
	return math.New(*d.Math)
}

// Extend implements goldmark.Extender.
func (d *Dialect) Extend(m goldmark.Markdown) {
	base := gfm.Base{Linkify: !d.noLinkify}
	if d.Footnotes != nil {
		base.Footnotes = *d.Footnotes
	}
	for _, e := range []goldmark.Extender{
		base,
		admonition.Extension, tabs.Extension, attrs.Extension,
		d.highlighter().Extension(),
		inline.Mark, inline.Caret, inline.Tilde, inline.Keys,
		emoji.Extension, icons.New(d.Icons), abbr.Extension, tasklist.Extension, d.math(),
	} {
		e.Extend(m)
	}
	if d.BetterEm != nil {
		betterem.New(*d.BetterEm).Extend(m)
	}
	if d.Untrusted {
		untrusted.Extension.Extend(m)
	} else {
		mdhtml.Extension.Extend(m)
	}
	if d.Blocks != nil {
		b := *d.Blocks
		if d.Untrusted {
			b.HTML = nil
		}
		blocks.New(b).Extend(m)
	}
	if d.SmartSymbols != nil {
		smartsymbols.New(*d.SmartSymbols).Extend(m)
	}
	if d.MagicLink != nil {
		magiclink.New(*d.MagicLink).Extend(m)
	}
	if d.ProgressBar != nil {
		progressbar.New(*d.ProgressBar).Extend(m)
	}
	if d.EscapeAll != nil {
		escapeall.New(*d.EscapeAll).Extend(m)
	}
}

// Diagnostics are the warnings the constructs left in the parser context
// (unknown icons, code blocks the lexer failed on); positions
// are body-relative.
func (d *Dialect) Diagnostics(pc parser.Context) diag.List {
	out := diag.List(icons.Warnings(pc))
	out = append(out, untrusted.Warnings(pc)...)
	return append(out, d.highlighter().Warnings(pc)...)
}
