// Package math passes TeX math through to the page the way
// pymdownx.arithmatex does in generic mode: $…$ becomes
// <span class="arithmatex">\(…\)</span> and a $$ … $$ block becomes
// <div class="arithmatex">\[…\]</div>. The math itself is left untouched
// (HTML-escaped only) for a client-side renderer; HasMath tells whether a
// page needs one.
package math

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Node kinds of inline and block math.
var (
	KindInlineMath = ast.NewNodeKind("InlineMath")
	KindBlockMath  = ast.NewNodeKind("BlockMath")
)

// InlineMath is $…$ math. It has no children: TeX is not prose, so text
// walks (abbreviations, search) must not see or change it.
type InlineMath struct {
	ast.BaseInline
	Content text.Segment // the TeX between the dollars
}

// IsMath reports whether n is inline or block math (a page with math
// loads KaTeX).
func IsMath(n ast.Node) bool {
	k := n.Kind()
	return k == KindInlineMath || k == KindBlockMath
}

// Kind implements ast.Node.
func (n *InlineMath) Kind() ast.NodeKind { return KindInlineMath }

// Dump implements ast.Node.
func (n *InlineMath) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Content": string(n.Content.Value(source))}, nil)
}

// BlockMath is a $$ … $$ block; its Lines hold the TeX between the
// delimiters, newlines included.
type BlockMath struct {
	ast.BaseBlock
	closed bool // the closing $$ has been read
}

// Kind implements ast.Node.
func (n *BlockMath) Kind() ast.NodeKind { return KindBlockMath }

// IsRaw implements ast.Node: the lines are not parsed as markdown.
func (n *BlockMath) IsRaw() bool { return true }

// Dump implements ast.Node.
func (n *BlockMath) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// HasMath reports whether doc contains any math, so the page can load a
// math renderer only when it needs one.
func HasMath(doc ast.Node) bool {
	found := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if k := n.Kind(); entering && (k == KindInlineMath || k == KindBlockMath) {
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

type inlineParser struct{}

// NewInlineParser returns the parser for $…$.
func NewInlineParser() parser.InlineParser { return inlineParser{} }

func (inlineParser) Trigger() []byte { return []byte{'$'} }

// Parse follows arithmatex's rule that keeps prices such as "$5 and $10"
// as text: the opening $ is not followed by whitespace, and the closing $
// is neither preceded by whitespace nor followed by a digit.
func (inlineParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if block.PrecendingCharacter() == '$' {
		return nil
	}
	line, segment := block.PeekLine()
	if len(line) < 3 || line[1] == '$' || util.IsSpace(line[1]) {
		return nil
	}
	end := closingDollar(line)
	if end < 0 {
		return nil
	}
	block.Advance(end + 1)
	return &InlineMath{Content: text.NewSegment(segment.Start+1, segment.Start+end)}
}

// closingDollar returns the index of the $ that closes the math opened at
// line[0], or -1. The first unescaped $ decides: if it may not close, the
// whole opener fails, as arithmatex's non-greedy pattern does.
func closingDollar(line []byte) int {
	for i := 1; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '$':
			if util.IsSpace(line[i-1]) || i+1 < len(line) && isDigit(line[i+1]) {
				return -1
			}
			return i
		}
	}
	return -1
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// HTMLRenderer writes arithmatex's generic markup for both node kinds.
type HTMLRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (HTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindInlineMath, renderInlineMath)
	reg.Register(KindBlockMath, renderBlockMath)
}

func renderInlineMath(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<span class="arithmatex">\(`)
		_, _ = w.Write(util.EscapeHTML(n.(*InlineMath).Content.Value(source)))
		_, _ = w.WriteString(`\)</span>`)
	}
	return ast.WalkSkipChildren, nil
}

func renderBlockMath(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<div class="arithmatex">\[`)
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		_, _ = w.Write(util.EscapeHTML(seg.Value(source)))
	}
	_, _ = w.WriteString("\\]</div>\n")
	return ast.WalkSkipChildren, nil
}

type mathExtension struct{}

// Extension adds $…$ and $$ … $$ math passthrough.
var Extension goldmark.Extender = mathExtension{}

func (mathExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(NewInlineParser(), 150)),
		parser.WithBlockParsers(util.Prioritized(NewBlockParser(), 650)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(HTMLRenderer{}, 500)))
}
