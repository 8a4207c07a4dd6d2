package math

import (
	"bytes"
	"regexp"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// blockParser reads one block syntax: $$ … $$, \[ … \] or
// \begin{env} … \end{env}. The block closes at the line that ends with the
// closing delimiter, or at a blank line when that never comes (TeX display
// math has no blank lines), so a stray opener cannot swallow the page.
type blockParser struct {
	open  []byte
	close []byte // nil: \end{env} of the \begin{env} that opened the block
	keep  bool   // the delimiters are part of the math
}

var beginRe = regexp.MustCompile(`^\\begin\{([a-z]+\*?)\}`)

// blockParserFor returns the parser of a block_syntax name, or nil.
func blockParserFor(syntax string) parser.BlockParser {
	switch syntax {
	case "dollar":
		return blockParser{open: []byte("$$"), close: []byte("$$")}
	case "square":
		return blockParser{open: []byte(`\[`), close: []byte(`\]`)}
	case "begin":
		return blockParser{open: []byte(`\begin{`), keep: true}
	}
	return nil
}

// NewBlockParser returns the parser for $$ … $$ blocks.
func NewBlockParser() parser.BlockParser { return blockParserFor("dollar") }

func (p blockParser) Trigger() []byte { return []byte{p.open[0]} }

func (p blockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, segment := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || !bytes.HasPrefix(line[pos:], p.open) {
		return nil, parser.NoChildren
	}
	node := &BlockMath{close: p.close, keep: p.keep}
	rest := segment.WithStart(segment.Start + pos + len(p.open))
	if p.close == nil {
		m := beginRe.FindSubmatch(line[pos:])
		if m == nil {
			return nil, parser.NoChildren
		}
		node.close = []byte(`\end{` + string(m[1]) + `}`)
		rest = segment.WithStart(segment.Start + pos) // \begin{…} is part of the math
	}
	rest.ForceNewline = true
	reader.AdvanceToEOL()
	if body, closed := node.beforeClosing(rest, reader.Source()); closed {
		node.Lines().Append(body)
		node.closed = true // goldmark still calls Continue after Open returns Close
		return node, parser.Close
	}
	node.Lines().Append(rest)
	return node, parser.NoChildren
}

func (p blockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	n := node.(*BlockMath)
	line, segment := reader.PeekLine()
	if n.closed || util.IsBlank(line) {
		return parser.Close
	}
	reader.AdvanceToEOL()
	segment.ForceNewline = true
	if body, closed := n.beforeClosing(segment, reader.Source()); closed {
		n.Lines().Append(body)
		n.closed = true
		return parser.Close
	}
	n.Lines().Append(segment)
	return parser.Continue | parser.NoChildren
}

// beforeClosing reports whether the line seg ends with the closing
// delimiter and, if so, returns the math on the line: the part before the
// delimiter, or the line through it when the delimiters are kept.
func (n *BlockMath) beforeClosing(seg text.Segment, source []byte) (text.Segment, bool) {
	trimmed := util.TrimRightSpace(seg.Value(source))
	if !bytes.HasSuffix(trimmed, n.close) || n.keep && len(trimmed) == 0 {
		return seg, false
	}
	if n.keep {
		return text.NewSegment(seg.Start, seg.Start+len(trimmed)), true
	}
	return text.NewSegment(seg.Start, seg.Start+len(trimmed)-len(n.close)), true
}

func (blockParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}

func (blockParser) CanInterruptParagraph() bool { return true }

func (blockParser) CanAcceptIndentedLine() bool { return false }
