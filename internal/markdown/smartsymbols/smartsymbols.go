// Package smartsymbols implements pymdownx.smartsymbols: (tm), (c), (r),
// c/o, +/-, =/=, arrows (-->, <--, <-->), fractions (1/4 …) and ordinals
// (1st, 22nd …) become their symbols, outside code, as HTML entities the
// way pymdownx writes them.
package smartsymbols

import (
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"handbook/internal/markdown/textnodes"
)

// Options switch each group of symbols off (all are on by default, as in
// pymdownx).
type Options struct {
	NoTrademark, NoCopyright, NoRegistered, NoCareOf, NoPlusMinus bool
	NoArrows, NoNotEqual, NoFractions, NoOrdinalNumbers           bool
}

// KindSymbol is the kind of Symbol.
var KindSymbol = ast.NewNodeKind("SmartSymbol")

// Symbol is replaced text, rendered as HTML.
type Symbol struct {
	ast.BaseInline
	HTML string
}

// Kind implements ast.Node.
func (s *Symbol) Kind() ast.NodeKind { return KindSymbol }

// Dump implements ast.Node.
func (s *Symbol) Dump(source []byte, level int) {
	ast.DumpHelper(s, source, level, map[string]string{"HTML": s.HTML}, nil)
}

// transformer replaces symbols in the page's text nodes, outside code,
// raw HTML and image descriptions, as pymdownx's tree processor does.
type transformer struct{ o Options }

// starts are the bytes a symbol can start with.
var starts = [256]bool{'(': true, 'c': true, '+': true, '=': true, '-': true, '<': true,
	'0': true, '1': true, '2': true, '3': true, '4': true, '5': true, '6': true, '7': true, '8': true, '9': true}

// Transform implements parser.ASTTransformer.
func (t *transformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	texts := textnodes.Plain(doc)
	for _, tx := range texts {
		t.replace(tx, source)
	}
}

// replace splits tx around each symbol in it.
func (t *transformer) replace(tx *ast.Text, source []byte) {
	seg := tx.Segment
	value := seg.Value(source)
	parent := tx.Parent()
	cur := tx
	from := 0 // start of the text not yet emitted, relative to value
	for i := 0; i < len(value); i++ {
		if !starts[value[i]] {
			continue
		}
		prev := ' '
		if i > 0 {
			prev, _ = utf8.DecodeLastRune(value[:i])
		}
		html, n := t.match(value[i:], prev)
		if n == 0 {
			continue
		}
		before := ast.NewTextSegment(text.NewSegment(seg.Start+from, seg.Start+i))
		if cur == tx {
			parent.InsertBefore(parent, tx, before)
		} else {
			parent.InsertAfter(parent, cur, before)
		}
		sym := &Symbol{HTML: html}
		parent.InsertAfter(parent, before, sym)
		rest := ast.NewTextSegment(text.NewSegment(seg.Start+i+n, seg.Stop))
		rest.SetSoftLineBreak(tx.SoftLineBreak())
		rest.SetHardLineBreak(tx.HardLineBreak())
		if cur == tx {
			parent.RemoveChild(parent, tx)
		} else {
			parent.RemoveChild(parent, cur)
		}
		parent.InsertAfter(parent, sym, rest)
		cur = rest
		from = i + n
		i += n - 1
	}
}

// fixed are the replacements of a literal.
var fixed = []struct {
	text, html string
	off        func(Options) bool
}{
	{"(tm)", "&trade;", func(o Options) bool { return o.NoTrademark }},
	{"(c)", "&copy;", func(o Options) bool { return o.NoCopyright }},
	{"(r)", "&reg;", func(o Options) bool { return o.NoRegistered }},
	{"+/-", "&plusmn;", func(o Options) bool { return o.NoPlusMinus }},
	{"=/=", "&ne;", func(o Options) bool { return o.NoNotEqual }},
	{"<-->", "&harr;", func(o Options) bool { return o.NoArrows }},
}

var fractions = map[string]string{
	"1/4": "&frac14;", "1/2": "&frac12;", "3/4": "&frac34;", "1/3": "&#8531;", "2/3": "&#8532;",
	"1/5": "&#8533;", "2/5": "&#8534;", "3/5": "&#8535;", "4/5": "&#8536;", "1/6": "&#8537;",
	"5/6": "&#8538;", "1/8": "&#8539;", "3/8": "&#8540;", "5/8": "&#8541;", "7/8": "&#8542;",
}

// match returns the replacement of the symbol at line[0] and its length.
func (p *transformer) match(line []byte, prev rune) (string, int) {
	for _, f := range fixed {
		if !f.off(p.o) && hasPrefix(line, f.text) {
			return f.html, len(f.text)
		}
	}
	switch {
	case line[0] == 'c':
		if !p.o.NoCareOf && hasPrefix(line, "c/o") && !isWord(prev) && !wordAt(line, 3) {
			return "&#8453;", 3
		}
	case line[0] == '-':
		// -->, not preceded by another dash.
		if !p.o.NoArrows && prev != '-' && hasPrefix(line, "-->") {
			return "&rarr;", 3
		}
	case line[0] == '<':
		if !p.o.NoArrows && hasPrefix(line, "<--") && !(len(line) > 3 && line[3] == '-') {
			return "&larr;", 3
		}
	case isDigit(line[0]):
		return p.number(line, prev)
	}
	return "", 0
}

// number matches a fraction or an ordinal starting at line[0].
func (p *transformer) number(line []byte, prev rune) (string, int) {
	if !p.o.NoFractions && !isDigit(byte(prev)) && len(line) >= 3 {
		if html, ok := fractions[string(line[:3])]; ok && !(len(line) > 3 && isDigit(line[3])) {
			return html, 3
		}
	}
	if p.o.NoOrdinalNumbers || isWord(prev) {
		return "", 0
	}
	return ordinal(line)
}

// ordinal matches \b([1-9][0-9]*)?(1st|2nd|3rd|[04-9]th|1[123]th)\b.
func ordinal(line []byte) (string, int) {
	i := 0
	for i < len(line) && isDigit(line[i]) {
		i++
	}
	if i+2 > len(line) || wordAt(line, i+2) || (i > 1 && line[0] == '0') {
		return "", 0
	}
	suffix := string(line[i : i+2])
	last := line[i-1]
	tens := byte(0)
	if i > 1 {
		tens = line[i-2]
	}
	want := "th"
	switch last {
	case '1':
		want = "st"
	case '2':
		want = "nd"
	case '3':
		want = "rd"
	}
	// As in pymdownx, 11th-13th are ordinals, and so are 11st-13rd.
	teen := tens == '1' && last >= '1' && last <= '3' && suffix == "th"
	if suffix != want && !teen {
		return "", 0
	}
	return string(line[:i]) + "<sup>" + suffix + "</sup>", i + 2
}

func hasPrefix(line []byte, s string) bool {
	return len(line) >= len(s) && string(line[:len(s)]) == s
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isWord(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// wordAt reports whether a word character is at line[i].
func wordAt(line []byte, i int) bool {
	if i >= len(line) {
		return false
	}
	r, _ := utf8.DecodeRune(line[i:])
	return isWord(r)
}

type renderFunc struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (renderFunc) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindSymbol, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(n.(*Symbol).HTML)
		}
		return ast.WalkContinue, nil
	})
}

type extender struct{ o Options }

// New returns the extension.
func New(o Options) goldmark.Extender { return &extender{o} }

// Extend implements goldmark.Extender.
func (e *extender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(&transformer{e.o}, 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(renderFunc{}, 500)))
}
