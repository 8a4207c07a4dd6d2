package math

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

var dollars = []byte("$$")

type blockParser struct{}

// NewBlockParser returns the parser for $$ … $$ blocks. The block closes at
// the line that ends with $$, or at a blank line when that never comes (TeX
// display math has no blank lines), so a stray $$ cannot swallow the page.
func NewBlockParser() parser.BlockParser { return blockParser{} }

func (blockParser) Trigger() []byte { return []byte{'$'} }

func (blockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, segment := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || !bytes.HasPrefix(line[pos:], dollars) {
		return nil, parser.NoChildren
	}
	node := &BlockMath{}
	rest := segment.WithStart(segment.Start + pos + 2)
	rest.ForceNewline = true
	reader.AdvanceToEOL()
	if body, closed := beforeClosing(rest, reader.Source()); closed {
		node.Lines().Append(body)
		node.closed = true // goldmark still calls Continue after Open returns Close
		return node, parser.Close
	}
	node.Lines().Append(rest)
	return node, parser.NoChildren
}

func (blockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, segment := reader.PeekLine()
	if node.(*BlockMath).closed || util.IsBlank(line) {
		return parser.Close
	}
	reader.AdvanceToEOL()
	segment.ForceNewline = true
	if body, closed := beforeClosing(segment, reader.Source()); closed {
		node.Lines().Append(body)
		return parser.Close
	}
	node.Lines().Append(segment)
	return parser.Continue | parser.NoChildren
}

// beforeClosing reports whether the line seg ends with the closing $$ and,
// if so, returns the part of the line before it.
func beforeClosing(seg text.Segment, source []byte) (text.Segment, bool) {
	trimmed := util.TrimRightSpace(seg.Value(source))
	if !bytes.HasSuffix(trimmed, dollars) {
		return seg, false
	}
	return text.NewSegment(seg.Start, seg.Start+len(trimmed)-2), true
}

func (blockParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}

func (blockParser) CanInterruptParagraph() bool { return true }

func (blockParser) CanAcceptIndentedLine() bool { return false }
