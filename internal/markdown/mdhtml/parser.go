package mdhtml

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"handbook/internal/markdown/container"
)

type blockParser struct{}

// NewParser returns a parser.BlockParser for HTML elements with markdown
// content.
func NewParser() parser.BlockParser { return &blockParser{} }

// Trigger implements parser.BlockParser.Trigger.
func (p *blockParser) Trigger() []byte { return []byte{'<'} }

// Open implements parser.BlockParser.Open.
func (p *blockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	start := pc.BlockOffset()
	if start < 0 || start >= len(line) || container.TooDeep(parent) {
		return nil, parser.NoChildren
	}
	tag, ok := parseOpeningTag(line[start:])
	if !ok {
		return nil, parser.NoChildren
	}
	n := &Element{Tag: tag.name, OpenTag: tag.cleaned, Span: tag.span, depth: 1}
	if !n.Span {
		reader.AdvanceToEOL()
		return n, parser.HasChildren
	}
	// Span content may follow the tag on its line, and end there.
	line0, pos0 := reader.Position()
	reader.Advance(start + tag.end)
	rest, seg := reader.PeekLine()
	closeStart, closeEnd := scanTags(rest, n.Tag, &n.depth)
	switch {
	case closeStart < 0:
		addText(n, rest, seg, len(rest))
		n.Below = isBlankLine(rest)
		reader.AdvanceToEOL()
	case closeEnd < 0 || !isBlankLine(rest[closeEnd:]):
		// (text after the closing tag: raw HTML, as before)
		reader.SetPosition(line0, pos0)
		return nil, parser.NoChildren
	default:
		addText(n, rest, seg, closeStart)
		reader.AdvanceToEOL()
		n.closeOnNext = true
	}
	return n, parser.NoChildren
}

// addText adds line[:end] to a span element's text (a blank line only
// between lines of text).
func addText(n *Element, line []byte, seg text.Segment, end int) {
	if n.Lines().Len() > 0 || !isBlankLine(line[:end]) {
		n.Lines().Append(seg.WithStop(seg.Start + end))
	}
}

// continueSpan takes a span element's next line: its text up to the
// closing tag, which ends the element.
func continueSpan(n *Element, reader text.Reader) parser.State {
	line, seg := reader.PeekLine()
	closeStart, closeEnd := scanTags(line, n.Tag, &n.depth)
	if closeStart < 0 {
		addText(n, line, seg, len(line))
		reader.AdvanceToEOL()
		return parser.Continue | parser.NoChildren
	}
	addText(n, line, seg, closeStart)
	if closeEnd < 0 {
		closeEnd = len(line) - newlineLength(line)
	}
	reader.Advance(closeEnd) // (what follows is the parent's next block)
	return parser.Close
}

// Continue implements parser.BlockParser.Continue. The element ends at the
// closing tag that balances its opening tag; tags of the same name in between
// are counted, except inside code blocks.
func (p *blockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	n := node.(*Element)
	line, _ := reader.PeekLine()
	if line == nil || n.closeOnNext {
		return parser.Close
	}
	if n.Span {
		return continueSpan(n, reader)
	}
	if insideCode(n, pc) {
		return parser.Continue | parser.HasChildren
	}
	closeStart, closeEnd := scanTags(line, n.Tag, &n.depth)
	switch {
	case closeStart < 0:
		return parser.Continue | parser.HasChildren
	case util.IsBlank(line[:closeStart]):
		// Consume the closing tag; whatever follows it on the line is
		// parsed as the next block of the parent.
		if closeEnd < 0 {
			closeEnd = len(line) - newlineLength(line)
		}
		reader.Advance(closeEnd)
		return parser.Close
	default:
		// Content before the closing tag on the same line stays content.
		n.closeOnNext = true
		return parser.Continue | parser.HasChildren
	}
}

// insideCode reports whether the innermost open block is a code block inside
// the element, whose lines are text rather than tags.
func insideCode(n *Element, pc parser.Context) bool {
	last := pc.LastOpenedBlock().Node
	if last == nil || last == ast.Node(n) {
		return false
	}
	switch last.(type) {
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		return true
	}
	return false
}

func newlineLength(line []byte) int {
	switch {
	case len(line) >= 2 && line[len(line)-2] == '\r' && line[len(line)-1] == '\n':
		return 2
	case len(line) >= 1 && line[len(line)-1] == '\n':
		return 1
	}
	return 0
}

// Close implements parser.BlockParser.Close.
func (p *blockParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}

// CanInterruptParagraph implements parser.BlockParser.CanInterruptParagraph,
// like the HTML blocks of the same elements.
func (p *blockParser) CanInterruptParagraph() bool { return true }

// CanAcceptIndentedLine implements parser.BlockParser.CanAcceptIndentedLine.
func (p *blockParser) CanAcceptIndentedLine() bool { return false }
