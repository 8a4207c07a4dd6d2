package mdtest

import (
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// copyingParser is planted quadratic work: on every '%' it copies the rest
// of the line, as a parser scanning ahead for a closer on each opener does.
type copyingParser struct{ sink *[]string }

func (copyingParser) Trigger() []byte { return []byte{'%'} }

func (p copyingParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	*p.sink = append(*p.sink, string(line))
	return nil
}

type plant struct{ sink *[]string }

func (e plant) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(copyingParser(e), 100)))
}

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Helper()               {}

func TestCheckLinearCatchesQuadraticWork(t *testing.T) {
	var sink []string
	r := &recorder{TB: t}
	CheckLinear(r, New(plant{&sink}), "", "%a")
	if !r.failed {
		t.Error("CheckLinear passed a parser that copies the rest of the line at each trigger")
	}
	r = &recorder{TB: t}
	CheckLinear(r, New(), "", "%a")
	if r.failed {
		t.Error("CheckLinear failed goldmark alone on the same input")
	}
}
