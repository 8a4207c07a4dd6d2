// Package betterem implements pymdownx.betterem's "smart" emphasis: with
// smart on for a delimiter, `*` or `_` in the middle of a word neither
// opens nor closes emphasis (snake_case_names and 2*3*4 stay as written).
// CommonMark already treats `_` that way and `*` the other; betterem's
// smart_enable chooses per character (all, asterisk, underscore, none).
// The rest of emphasis is goldmark's (CommonMark's), which betterem's
// nesting rules agree with on the cases its documentation shows.
package betterem

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options say which delimiters are smart.
type Options struct {
	SmartAsterisk   bool
	SmartUnderscore bool // betterem's default
}

// New returns the extender: it takes over `*` and `_` from goldmark's
// emphasis parser.
func New(o Options) goldmark.Extender { return extender{o} }

type extender struct{ o Options }

func (e extender) Extend(m goldmark.Markdown) {
	// Before goldmark's emphasis parser (priority 500), which then never runs.
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(&emphasisParser{o: e.o}, 490)))
}

type emphasisParser struct{ o Options }

func (p *emphasisParser) Trigger() []byte { return []byte{'*', '_'} }

func (p *emphasisParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	d := scan(line, before, p.smart(line[0]))
	if d == nil {
		return nil
	}
	d.Segment = segment.WithStop(segment.Start + d.OriginalLength)
	block.Advance(d.OriginalLength)
	pc.PushDelimiter(d)
	return d
}

func (p *emphasisParser) smart(c byte) bool {
	if c == '*' {
		return p.o.SmartAsterisk
	}
	return p.o.SmartUnderscore
}

// scan is goldmark's parser.ScanDelimiter with the intraword rule chosen
// by smart instead of by the character: a smart run opens only when it is
// not right-flanking too (or follows punctuation), and closes only when it
// is not left-flanking too (or precedes punctuation), which is CommonMark's
// rule for `_`.
func scan(line []byte, before rune, smart bool) *parser.Delimiter {
	c := line[0]
	j := 1
	for j < len(line) && line[j] == c {
		j++
	}
	after := ' '
	if j < len(line) {
		after = util.ToRune(line, j)
	}
	beforePunct, beforeSpace := util.IsPunctRune(before), util.IsSpaceRune(before)
	afterPunct, afterSpace := util.IsPunctRune(after), util.IsSpaceRune(after)
	isLeft := !afterSpace && (!afterPunct || beforeSpace || beforePunct)
	isRight := !beforeSpace && (!beforePunct || afterSpace || afterPunct)
	canOpen, canClose := isLeft, isRight
	if smart {
		canOpen = isLeft && (!isRight || beforePunct)
		canClose = isRight && (!isLeft || afterPunct)
	}
	return parser.NewDelimiter(canOpen, canClose, j, c, processor{})
}

// processor matches `*` with `*` and `_` with `_`, as goldmark's does.
type processor struct{}

func (processor) IsDelimiter(b byte) bool { return b == '*' || b == '_' }

func (processor) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}

func (processor) OnMatch(consumes int) ast.Node { return ast.NewEmphasis(consumes) }
