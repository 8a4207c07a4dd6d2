// Package math passes TeX math through to the page the way
// pymdownx.arithmatex does. In generic mode $…$ and \(…\) become
// <span class="arithmatex">\(…\)</span>, and $$ … $$, \[ … \] and
// \begin{env} … \end{env} blocks become <div class="arithmatex">\[…\]</div>;
// otherwise (arithmatex's default, MathJax's script form) the math goes
// into <script type="math/tex"> with a MathJax_Preview copy. The math itself
// is left untouched (HTML-escaped only) for a client-side renderer; HasMath
// tells whether a page needs one.
package math

import (
	"bytes"

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

// InlineMath is $…$ or \(…\) math. It has no children: TeX is not prose,
// so text walks (abbreviations, search) must not see or change it.
type InlineMath struct {
	ast.BaseInline
	Content text.Segment // the TeX between the delimiters
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

// BlockMath is a $$ … $$, \[ … \] or \begin{env} … \end{env} block; its
// Lines hold the TeX between the delimiters, newlines included (for
// \begin, the \begin and \end themselves too).
type BlockMath struct {
	ast.BaseBlock
	closed bool   // the closing delimiter has been read
	close  []byte // the closing delimiter
	keep   bool   // the delimiters are part of the math (\begin…\end)
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

// dollarParser reads $…$. smart is arithmatex's smart_dollar.
type dollarParser struct{ smart bool }

// NewInlineParser returns the parser for $…$ with smart_dollar on.
func NewInlineParser() parser.InlineParser { return dollarParser{smart: true} }

func (dollarParser) Trigger() []byte { return []byte{'$'} }

// Parse follows arithmatex's smart_dollar rule that keeps prices such as
// "$5 and $10" as text: the opening $ is not followed by whitespace, and
// the closing $ is neither preceded by whitespace nor followed by a digit.
// Without it any $…$ with something between is math.
func (p dollarParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if block.PrecendingCharacter() == '$' {
		return nil
	}
	line, segment := block.PeekLine()
	if len(line) < 3 || line[1] == '$' || p.smart && util.IsSpace(line[1]) {
		return nil
	}
	end := closingDollar(line, p.smart)
	if end < 0 {
		return nil
	}
	block.Advance(end + 1)
	return &InlineMath{Content: text.NewSegment(segment.Start+1, segment.Start+end)}
}

// closingDollar returns the index of the $ that closes the math opened at
// line[0], or -1. The first unescaped $ decides: if it may not close, the
// whole opener fails, as arithmatex's non-greedy pattern does.
func closingDollar(line []byte, smart bool) int {
	for i := 1; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '$':
			if smart && (util.IsSpace(line[i-1]) || i+1 < len(line) && isDigit(line[i+1])) {
				return -1
			}
			return i
		}
	}
	return -1
}

// roundParser reads \(…\): a backslash pair inside is skipped whole, so
// the math ends at the first \) that is not part of one.
type roundParser struct{}

func (roundParser) Trigger() []byte { return []byte{'\\'} }

func (roundParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, segment := block.PeekLine()
	if len(line) < 5 || line[1] != '(' {
		return nil
	}
	for i := 2; i+1 < len(line); i++ {
		if line[i] != '\\' {
			continue
		}
		if line[i+1] == ')' {
			if i == 2 {
				return nil // \(\) holds no math
			}
			block.Advance(i + 2)
			return &InlineMath{Content: text.NewSegment(segment.Start+2, segment.Start+i)}
		}
		i++
	}
	return nil
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// HTMLRenderer writes arithmatex's markup for both node kinds.
type HTMLRenderer struct{ o Options }

// RegisterFuncs implements renderer.NodeRenderer.
func (r HTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindInlineMath, r.renderInlineMath)
	reg.Register(KindBlockMath, r.renderBlockMath)
}

func (r HTMLRenderer) renderInlineMath(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		r.write(w, r.o.InlineTag, "span", r.o.InlineWrap, "math/tex", n.(*InlineMath).Content.Value(source))
	}
	return ast.WalkSkipChildren, nil
}

func (r HTMLRenderer) renderBlockMath(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	var math []byte
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		math = append(math, seg.Value(source)...)
	}
	r.write(w, r.o.BlockTag, "div", r.o.BlockWrap, "math/tex; mode=display", math)
	_ = w.WriteByte('\n')
	return ast.WalkSkipChildren, nil
}

// write wraps math in its element: generic, the escaped TeX between the
// wrap; else MathJax's script, after a preview when there is one.
func (r HTMLRenderer) write(w util.BufWriter, tag, previewTag string, wrap [2]string, scriptType string, math []byte) {
	_, _ = w.WriteString("<" + tag + ` class="arithmatex">`)
	if r.o.Generic {
		_, _ = w.WriteString(wrap[0])
		_, _ = w.Write(util.EscapeHTML(math))
		_, _ = w.WriteString(wrap[1])
	} else {
		if r.o.Preview {
			_, _ = w.WriteString("<" + previewTag + ` class="MathJax_Preview">`)
			_, _ = w.Write(util.EscapeHTML(math))
			_, _ = w.WriteString("</" + previewTag + ">")
		}
		_, _ = w.WriteString(`<script type="` + scriptType + `">`)
		// A script's text is not escaped; only "</" could end it early.
		_, _ = w.Write(bytes.ReplaceAll(math, []byte("</"), []byte(`<\/`)))
		_, _ = w.WriteString("</script>")
	}
	_, _ = w.WriteString("</" + tag + ">")
}

// Options are arithmatex's.
type Options struct {
	// Generic writes \(…\) and \[…\] (TexInlineWrap, TexBlockWrap) for
	// KaTeX and the like; otherwise MathJax's script tags.
	Generic bool
	// SmartDollar keeps "$5 and $10" as text (arithmatex's default).
	SmartDollar bool
	// Preview adds the MathJax_Preview copy in script mode.
	Preview bool
	// InlineSyntax: "dollar" ($…$) and "round" (\(…\)); BlockSyntax:
	// "dollar" ($$…$$), "square" (\[…\]) and "begin" (\begin{}…\end{}).
	// Nil means all of them.
	InlineSyntax, BlockSyntax []string
	// InlineWrap and BlockWrap surround generic math (default \( \) and \[ \]).
	InlineWrap, BlockWrap [2]string
	// InlineTag and BlockTag are the wrapping elements (span, div).
	InlineTag, BlockTag string
}

func (o Options) withDefaults() Options {
	if o.InlineSyntax == nil {
		o.InlineSyntax = []string{"dollar", "round"}
	}
	if o.BlockSyntax == nil {
		o.BlockSyntax = []string{"dollar", "square", "begin"}
	}
	if o.InlineWrap == ([2]string{}) {
		o.InlineWrap = [2]string{`\(`, `\)`}
	}
	if o.BlockWrap == ([2]string{}) {
		o.BlockWrap = [2]string{`\[`, `\]`}
	}
	if o.InlineTag == "" {
		o.InlineTag = "span"
	}
	if o.BlockTag == "" {
		o.BlockTag = "div"
	}
	return o
}

type mathExtension struct{ o Options }

// New returns arithmatex with these options.
func New(o Options) goldmark.Extender { return mathExtension{o.withDefaults()} }

// Extension is the math every page has without arithmatex's options:
// generic output of $…$ (smart) and $$ … $$ only.
var Extension = New(Options{Generic: true, SmartDollar: true, InlineSyntax: []string{"dollar"}, BlockSyntax: []string{"dollar"}})

func (e mathExtension) Extend(m goldmark.Markdown) {
	for _, s := range e.o.InlineSyntax {
		switch s {
		case "dollar":
			m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(dollarParser{smart: e.o.SmartDollar}, 150)))
		case "round":
			m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(roundParser{}, 150)))
		}
	}
	for _, s := range e.o.BlockSyntax {
		if p := blockParserFor(s); p != nil {
			m.Parser().AddOptions(parser.WithBlockParsers(util.Prioritized(p, 650)))
		}
	}
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(HTMLRenderer(e), 500)))
}
