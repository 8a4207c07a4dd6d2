package blocks

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// KindBlock is the kind of a generic block while the page is parsed; the
// transformer replaces each by what it renders as.
var KindBlock = ast.NewNodeKind("GenericBlock")

// Block is an open or parsed `/// name` block.
type Block struct {
	ast.BaseBlock
	Name   string
	plugin *plugin
	fence  int
	arg    string // the header's argument, trimmed
	argSeg text.Segment
	hasArg bool
	offset int // source offset of the header, for diagnostics

	inHeader bool
	options  bytes.Buffer // the YAML option lines
	opts     blockOptions
	problems []string

	raw      bool     // content is kept as text (html blocks in raw or html mode)
	rawLines [][]byte // that text
	mode     string   // html content mode: block, inline, raw or html
}

// Kind implements ast.Node.
func (b *Block) Kind() ast.NodeKind { return KindBlock }

// Dump implements ast.Node.
func (b *Block) Dump(source []byte, level int) {
	ast.DumpHelper(b, source, level, map[string]string{"Name": b.Name, "Arg": b.arg}, nil)
}

type blockParser struct{ reg *registry }

// Trigger implements parser.BlockParser.
func (p *blockParser) Trigger() []byte { return []byte{'/'} }

// maxDepth bounds nesting (counted in block ancestors): goldmark
// re-examines each line once per open block.
const maxDepth = 20

func tooDeep(parent ast.Node) bool {
	depth := 0
	for n := parent; n != nil; n = n.Parent() {
		if depth++; depth > maxDepth {
			return true
		}
	}
	return false
}

// Open implements parser.BlockParser.
func (p *blockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	start := pc.BlockOffset()
	if start < 0 || start >= len(line) || indentWidth(line[:start]) > 3 || tooDeep(parent) {
		return nil, parser.NoChildren
	}
	h, ok := parseHeader(line[start:])
	if !ok {
		return nil, parser.NoChildren
	}
	pl := p.reg.plugins[h.name]
	if pl == nil {
		return nil, parser.NoChildren
	}
	base := seg.Start - seg.Padding + start
	b := &Block{Name: h.name, plugin: pl, fence: h.fence, hasArg: h.hasArg, inHeader: true, offset: base}
	if h.hasArg {
		b.argSeg = text.NewSegment(base+h.argStart, base+h.argStop)
		b.arg = string(line[start+h.argStart : start+h.argStop])
	}
	if titled(pl.kind) && h.hasArg && b.arg != "" {
		title := &Element{Inline: true}
		title.Lines().Append(b.argSeg)
		b.AppendChild(b, title)
	}
	reader.AdvanceToEOL()
	return b, parser.HasChildren
}

// titled kinds take their argument as a title parsed as inline markdown.
func titled(k kind) bool {
	return k == kindAdmonition || k == kindDetails || k == kindTab
}

func indentWidth(b []byte) int {
	n := 0
	for _, c := range b {
		switch c {
		case ' ':
			n++
		case '\t':
			n += 4 - n%4
		default:
			return n
		}
	}
	return n
}

// Continue implements parser.BlockParser: the option lines right under
// the header, then content up to the closing fence.
func (p *blockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	b := node.(*Block)
	line, _ := reader.PeekLine()
	if line == nil {
		return parser.Close
	}
	if b.inHeader {
		if isOptionLine(line) {
			b.options.Write(line)
			reader.AdvanceToEOL()
			return parser.Continue | parser.NoChildren
		}
		p.endHeader(b)
	}
	if p.closes(b, line, pc) {
		reader.AdvanceToEOL()
		return parser.Close
	}
	if b.raw {
		b.rawLines = append(b.rawLines, append([]byte(nil), line...))
		reader.AdvanceToEOL()
		return parser.Continue | parser.NoChildren
	}
	return parser.Continue | parser.HasChildren
}

// endHeader reads the options once the header is complete, and decides
// whether an html block keeps its content as text.
func (p *blockParser) endHeader(b *Block) {
	b.inHeader = false
	b.opts, b.problems = parseOptions(b.plugin.kind, b.options.String())
	if b.plugin.kind == kindHTML {
		tag, _, _ := parseSelector(b.arg)
		b.mode = contentMode(tag, b.opts.markdown, p.reg.opts.HTML)
		b.raw = b.mode == "raw" || b.mode == "html"
	}
}

// closes reports whether line is b's closing fence: a fence of b's length
// that no open block inside b claims, outside any open fenced code or raw
// HTML inside b.
func (p *blockParser) closes(b *Block, line []byte, pc parser.Context) bool {
	if indentWidth(line) > 3 {
		return false
	}
	n := parseEnd(line[len(line)-len(bytes.TrimLeft(line, " \t")):])
	if n != b.fence {
		return false
	}
	inside := false
	for _, open := range pc.OpenedBlocks() {
		if open.Node == b {
			inside = true
			continue
		}
		if !inside {
			continue
		}
		switch inner := open.Node.(type) {
		case *Block:
			if inner.fence == n {
				return false
			}
		case *ast.FencedCodeBlock:
			return false
		case *ast.HTMLBlock:
			// Blocks of HTML that end at a blank line end at the fence
			// too; script, pre, style and comments run to their end.
			if inner.HTMLBlockType <= ast.HTMLBlockType5 {
				return false
			}
		}
	}
	return true
}

// Close implements parser.BlockParser.
func (p *blockParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	b := node.(*Block)
	if b.inHeader {
		p.endHeader(b)
	}
	if len(b.problems) > 0 {
		recordProblems(pc, reader.Source(), b)
	}
}

// CanInterruptParagraph implements parser.BlockParser: pymdownx finds a
// fence anywhere in a paragraph (a caption right under an image).
func (p *blockParser) CanInterruptParagraph() bool { return true }

// CanAcceptIndentedLine implements parser.BlockParser.
func (p *blockParser) CanAcceptIndentedLine() bool { return false }
