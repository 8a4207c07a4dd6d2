package admonition

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"handbook/internal/markdown/container"
)

type blockParser struct{}

// NewParser returns a parser.BlockParser for admonitions and collapsible
// blocks.
func NewParser() parser.BlockParser { return &blockParser{} }

// Trigger implements parser.BlockParser.Trigger.
func (p *blockParser) Trigger() []byte { return []byte{'!', '?'} }

// Open implements parser.BlockParser.Open.
func (p *blockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	start := pc.BlockOffset()
	if start < 0 || start >= len(line) || container.TooDeep(parent) {
		return nil, parser.NoChildren
	}
	h, ok := parseHeader(line[start:])
	if !ok {
		return nil, parser.NoChildren
	}
	node := NewAdmonition(h.classes, h.collapsible, h.open)
	if title := newTitle(h, seg.Start-seg.Padding+start); title != nil {
		node.AppendChild(node, title)
		if !h.hasTitle {
			rememberDefaultTitle(pc, title, defaultTitle(h.classes[0]))
		}
	}
	// The rest of the marker line is the header, never body content.
	reader.AdvanceToEOL()
	return node, parser.HasChildren
}

// newTitle builds the title node: the quoted title as a segment to be parsed
// as inline markdown, an empty node for the default title (filled in later by
// defaultTitleTransformer), and nothing for `""` (except on a collapsible
// block, which keeps an empty summary).
func newTitle(h header, lineStart int) *Title {
	title := NewTitle()
	switch {
	case !h.hasTitle:
	case h.titleStop > h.titleStart:
		title.Lines().Append(text.NewSegment(lineStart+h.titleStart, lineStart+h.titleStop))
	case !h.collapsible:
		return nil
	}
	return title
}

// Continue implements parser.BlockParser.Continue.
func (p *blockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	return container.Continue(reader, pc)
}

// Close implements parser.BlockParser.Close.
func (p *blockParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}

// CanInterruptParagraph implements parser.BlockParser.CanInterruptParagraph.
// Python-Markdown finds a marker anywhere in a paragraph, so one ends it.
func (p *blockParser) CanInterruptParagraph() bool { return true }

// CanAcceptIndentedLine implements parser.BlockParser.CanAcceptIndentedLine.
func (p *blockParser) CanAcceptIndentedLine() bool { return false }

// pendingTitle is a title whose text is derived from the type.
type pendingTitle struct {
	title *Title
	text  string
}

var pendingTitlesKey = parser.NewContextKey()

// rememberDefaultTitle records a title to fill in after inline parsing:
// goldmark parses the inline content of every block after the block phase
// and must not meet an inline child there.
func rememberDefaultTitle(pc parser.Context, title *Title, text string) {
	pending, _ := pc.Get(pendingTitlesKey).([]pendingTitle)
	pc.Set(pendingTitlesKey, append(pending, pendingTitle{title, text}))
}

// defaultTitleTransformer gives each title derived from the type its text.
type defaultTitleTransformer struct{}

// Transform implements parser.ASTTransformer.
func (t *defaultTitleTransformer) Transform(_ *ast.Document, _ text.Reader, pc parser.Context) {
	pending, _ := pc.Get(pendingTitlesKey).([]pendingTitle)
	for _, p := range pending {
		p.title.AppendChild(p.title, ast.NewString([]byte(p.text)))
	}
	pc.Set(pendingTitlesKey, nil)
}
