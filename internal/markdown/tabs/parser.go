package tabs

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"handbook/internal/markdown/container"
)

// marker is a parsed `===`, `===+`, `===!` or `===!+` line.
type marker struct {
	selected   bool
	newSet     bool
	labelStart int // the label is line[labelStart:labelStop]
	labelStop  int
}

// parseMarker parses a tab marker starting at line[0], following
// pymdownx.tabbed: `===`, optional flags `!` and `+` (either order), one or
// more spaces and a label in double quotes running to the last quote on the
// line.
func parseMarker(line []byte) (marker, bool) {
	var m marker
	if len(line) < 3 || line[0] != '=' || line[1] != '=' || line[2] != '=' {
		return m, false
	}
	i := parseFlags(line, 3, &m)
	spaces := i
	for i < len(line) && line[i] == ' ' {
		i++
	}
	end := trimmedEnd(line)
	if i == spaces || i >= end-1 || line[i] != '"' || line[end-1] != '"' {
		return m, false
	}
	m.labelStart, m.labelStop = i+1, end-1
	return m, true
}

// parseFlags reads up to two distinct flags, `!` and `+`, at line[i:].
func parseFlags(line []byte, i int, m *marker) int {
	for range 2 {
		switch {
		case i < len(line) && line[i] == '!' && !m.newSet:
			m.newSet = true
		case i < len(line) && line[i] == '+' && !m.selected:
			m.selected = true
		default:
			return i
		}
		i++
	}
	return i
}

// trimmedEnd returns the length of line without its trailing line ending and
// spaces.
func trimmedEnd(line []byte) int {
	end := len(line)
	for end > 0 && (line[end-1] == '\n' || line[end-1] == '\r' || line[end-1] == ' ' || line[end-1] == '\t') {
		end--
	}
	return end
}

type blockParser struct{}

// NewParser returns a parser.BlockParser for tab markers.
func NewParser() parser.BlockParser { return &blockParser{} }

// Trigger implements parser.BlockParser.Trigger.
func (p *blockParser) Trigger() []byte { return []byte{'='} }

// Open implements parser.BlockParser.Open.
func (p *blockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	start := pc.BlockOffset()
	if start < 0 || start >= len(line) || container.TooDeep(parent) {
		return nil, parser.NoChildren
	}
	m, ok := parseMarker(line[start:])
	if !ok {
		return nil, parser.NoChildren
	}
	tab := &Tab{Selected: m.selected, NewSet: m.newSet}
	label := &Label{}
	lineStart := seg.Start - seg.Padding + start
	if m.labelStop > m.labelStart {
		label.Lines().Append(text.NewSegment(lineStart+m.labelStart, lineStart+m.labelStop))
	}
	tab.AppendChild(tab, label)
	reader.AdvanceToEOL()
	Made(pc)
	return tab, parser.HasChildren
}

// Continue implements parser.BlockParser.Continue.
func (p *blockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	return container.Continue(reader, pc)
}

// Close implements parser.BlockParser.Close.
func (p *blockParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}

// CanInterruptParagraph implements parser.BlockParser.CanInterruptParagraph.
// pymdownx.tabbed finds a marker anywhere in a paragraph, so one ends it.
func (p *blockParser) CanInterruptParagraph() bool { return true }

// CanAcceptIndentedLine implements parser.BlockParser.CanAcceptIndentedLine.
func (p *blockParser) CanAcceptIndentedLine() bool { return false }
