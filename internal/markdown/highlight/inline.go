package highlight

import (
	"bytes"
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Inline code with a mock shebang, as pymdownx.inlinehilite reads it:
// `#!python print(1)` or `:::python print(1)` (three colons or more), the
// shebang right after the opening backticks and a space after the
// language, is highlighted as that language:
//
//	<code class="language-python highlight"><span class="nb">print</span>…</code>
//
// An unknown language gives the code as text, in <code class="language-text
// highlight">, no language (`#! x`) a plain <code>; the code is trimmed. A space
// before the shebang keeps it as code.

// KindInlineCode is the kind of InlineCode.
var KindInlineCode = ast.NewNodeKind("InlineCode")

// InlineCode is a code span with a mock shebang. Its children are the
// code span's raw text, without the shebang.
type InlineCode struct {
	ast.BaseInline
	Lang string // "" for `#! code`
}

// Kind implements ast.Node.
func (n *InlineCode) Kind() ast.NodeKind { return KindInlineCode }

// Dump implements ast.Node.
func (n *InlineCode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Lang": n.Lang}, nil)
}

// inlineMarker turns code spans with a mock shebang into InlineCode.
type inlineMarker struct{}

func (inlineMarker) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	if !bytes.Contains(src, []byte("`#!")) && !bytes.Contains(src, []byte("`:::")) {
		return // (no page walk without one)
	}
	var spans []*ast.CodeSpan
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if span, ok := n.(*ast.CodeSpan); ok && entering {
			spans = append(spans, span)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, span := range spans {
		if code := shebang(span, src); code != nil {
			span.Parent().ReplaceChild(span.Parent(), span, code)
		}
	}
}

// shebang returns the InlineCode of a code span that starts with a mock
// shebang, or nil.
func shebang(span *ast.CodeSpan, src []byte) *InlineCode {
	first, ok := span.FirstChild().(*ast.Text)
	if !ok || first.Segment.Start == 0 || src[first.Segment.Start-1] != '`' {
		return nil // (a space, which the code span dropped, came first)
	}
	line := first.Segment.Value(src)
	var i int
	switch {
	case bytes.HasPrefix(line, []byte("#!")):
		i = 2
	case bytes.HasPrefix(line, []byte(":::")):
		for i = 3; i < len(line) && line[i] == ':'; i++ {
		}
	default:
		return nil
	}
	lang := i
	for i < len(line) && isLangByte(line[i]) {
		i++
	}
	name := string(line[lang:i])
	spaces := i
	for i < len(line) && (line[i] == ' ' || line[i] == '\t' || line[i] == '\n' || line[i] == '\r') {
		i++
	}
	if i == spaces || (i == len(line) && first.NextSibling() == nil) {
		return nil // no space after the language, or no code
	}
	code := &InlineCode{Lang: name}
	for _, a := range span.Attributes() { // (an attribute list's)
		code.SetAttribute(a.Name, a.Value)
	}
	first.Segment = first.Segment.WithStart(first.Segment.Start + i)
	for c := span.FirstChild(); c != nil; {
		next := c.NextSibling()
		code.AppendChild(code, c)
		c = next
	}
	return code
}

// openCode writes <code> with class (may be "") and the attribute list's
// attributes, its classes after class.
func openCode(b *bytes.Buffer, n *InlineCode, class string) {
	b.WriteString("<code")
	if v, ok := n.AttributeString("class"); ok {
		if c, _ := v.([]byte); len(c) > 0 {
			class = strings.TrimSpace(class + " " + string(c))
		}
	}
	if class != "" {
		b.WriteString(` class="`)
		writeEscaped(b, class)
		b.WriteString(`"`)
	}
	for _, a := range n.Attributes() {
		if string(a.Name) == "class" {
			continue
		}
		v, _ := a.Value.([]byte)
		b.WriteString(" ")
		writeEscaped(b, string(a.Name))
		b.WriteString(`="`)
		writeEscaped(b, string(v))
		b.WriteString(`"`)
	}
	b.WriteString(">")
}

// isLangByte reports whether c may be in a shebang's language name
// ([\w#.+-]).
func isLangByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("_#.+-", c) >= 0
}

// renderInline writes an InlineCode.
func renderInline(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*InlineCode)
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			b.Write(t.Segment.Value(source))
		}
	}
	// (a line break in a code span is a space)
	code := strings.TrimSpace(strings.ReplaceAll(b.String(), "\n", " "))
	var out bytes.Buffer
	switch lexer := lexerFor(n.Lang); {
	case n.Lang == "":
		openCode(&out, n, "")
		writeEscaped(&out, code)
	case lexer == nil: // (Pygments' text lexer)
		openCode(&out, n, "language-text highlight")
		writeEscaped(&out, code)
	default:
		openCode(&out, n, "language-"+n.Lang+" highlight")
		tokens, ok := tokenise(lexer, code)
		if !ok {
			tokens = []chroma.Token{{Type: chroma.Text, Value: code}}
		}
		for _, t := range tokens {
			// (a lexer ends its text with a newline: not the span's)
			if t.Value = strings.TrimRight(t.Value, "\n"); t.Value != "" {
				writeToken(&out, t)
			}
		}
	}
	out.WriteString("</code>")
	_, _ = w.Write(out.Bytes())
	return ast.WalkSkipChildren, nil
}
