// Package inline holds goldmark extensions for the inline extras of the
// Material for MkDocs dialect: ==mark==, ^^insert^^ and x^sup^, ~~delete~~
// and H~sub~O, and ++keys++. Each construct is a parser, an AST node kind,
// an HTML renderer and an exported goldmark.Extender, in goldmark's own style.
package inline

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// pairDelimiterProcessor matches runs of exactly two identical characters
// (==, ^^, ~~) through goldmark's delimiter stack, so the constructs nest
// with emphasis the way CommonMark emphasis does.
type pairDelimiterProcessor struct {
	char    byte
	newNode func() ast.Node
}

func (p *pairDelimiterProcessor) IsDelimiter(b byte) bool { return b == p.char }

func (p *pairDelimiterProcessor) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}

func (p *pairDelimiterProcessor) OnMatch(consumes int) ast.Node { return p.newNode() }

// parsePair pushes a two-character delimiter when the reader is at a run of
// exactly two p.char. Longer runs stay literal text.
func parsePair(block text.Reader, pc parser.Context, p *pairDelimiterProcessor) ast.Node {
	// Checked first so that a long run is scanned once, from its start,
	// rather than once per character (which would be quadratic).
	if block.PrecendingCharacter() == rune(p.char) {
		return nil
	}
	line, segment := block.PeekLine()
	if runLength(line, p.char) != 2 {
		return nil
	}
	d := parser.ScanDelimiter(line, block.PrecendingCharacter(), 2, p)
	if d == nil {
		return nil
	}
	d.Segment = segment.WithStop(segment.Start + 2)
	block.Advance(2)
	pc.PushDelimiter(d)
	return d
}

// runLength counts how many times c repeats at the start of line.
func runLength(line []byte, c byte) int {
	n := 0
	for n < len(line) && line[n] == c {
		n++
	}
	return n
}

// parseScript parses a single-character construct such as H~2~O or x^2^:
// the content runs to the next c and may not contain whitespace unless it
// is backslash-escaped. The returned node has the content as Text children.
func parseScript(block text.Reader, c byte, node ast.Node) ast.Node {
	if block.PrecendingCharacter() == rune(c) {
		return nil
	}
	line, segment := block.PeekLine()
	if runLength(line, c) != 1 {
		return nil
	}
	end, ok := scriptEnd(line, c)
	if !ok {
		return nil
	}
	appendUnescapedText(node, segment.Start+1, line[1:end])
	block.Advance(end + 1)
	return node
}

// scriptEnd finds the closing c of a script whose opener is line[0]. The
// closer must be a single c (not the start of a double run) and the content
// must be non-empty.
func scriptEnd(line []byte, c byte) (int, bool) {
	for i := 1; i < len(line); i++ {
		switch b := line[i]; {
		case isEscape(line, i):
			i++
		case b == c:
			if i == 1 || (i+1 < len(line) && line[i+1] == c) {
				return 0, false
			}
			return i, true
		case util.IsSpace(b):
			return 0, false
		}
	}
	return 0, false
}

// appendUnescapedText appends content (which starts at source offset start)
// to node as Text segments, dropping the backslash of each escape.
func appendUnescapedText(node ast.Node, start int, content []byte) {
	from := 0
	for i := 0; i < len(content); i++ {
		if !isEscape(content, i) {
			continue
		}
		if from < i {
			node.AppendChild(node, ast.NewTextSegment(text.NewSegment(start+from, start+i)))
		}
		from = i + 1
		i++
	}
	if from < len(content) {
		node.AppendChild(node, ast.NewTextSegment(text.NewSegment(start+from, start+len(content))))
	}
}

// renderTag writes <tag attrs> on entering and </tag> on leaving.
func renderTag(w util.BufWriter, n ast.Node, tag string, entering bool) {
	if !entering {
		_, _ = w.WriteString("</" + tag + ">")
		return
	}
	_, _ = w.WriteString("<" + tag)
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, html.GlobalAttributeFilter)
	}
	_ = w.WriteByte('>')
}

// isEscape reports whether b[i] is a backslash escaping the next byte: an
// ASCII punctuation character or, inside scripts, a space.
func isEscape(b []byte, i int) bool {
	return b[i] == '\\' && i+1 < len(b) && (util.IsPunct(b[i+1]) || b[i+1] == ' ')
}
