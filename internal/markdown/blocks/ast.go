package blocks

import (
	"sort"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"

	"handbook/internal/diag"
)

// KindElement is the kind of Element.
var KindElement = ast.NewNodeKind("BlockElement")

// Element is an HTML element a block renders as: its children are blocks,
// or inline nodes when Inline is set; Raw content replaces children.
type Element struct {
	ast.BaseBlock
	Tag    string
	Attrs  []Attr
	Inline bool
	Raw    []byte // set for raw content
	HasRaw bool
	Escape bool // escape Raw (raw mode) or not (html mode)
}

// Kind implements ast.Node.
func (e *Element) Kind() ast.NodeKind { return KindElement }

// Dump implements ast.Node.
func (e *Element) Dump(source []byte, level int) {
	ast.DumpHelper(e, source, level, map[string]string{"Tag": e.Tag}, nil)
}

// problem is a block whose header or options had something wrong.
type problem struct {
	offset   int
	messages []string
}

type problems struct {
	source []byte
	list   []problem
}

var problemsKey = parser.NewContextKey()

func recordProblems(pc parser.Context, source []byte, b *Block) {
	p := pc.ComputeIfAbsent(problemsKey, func() any { return &problems{source: source} }).(*problems)
	p.list = append(p.list, problem{b.offset, b.problems})
}

// Warnings returns the problems found in blocks' headers and options, one
// warning each at the block's fence (Path empty, for the caller).
func Warnings(pc parser.Context) []diag.Diagnostic {
	p, _ := pc.Get(problemsKey).(*problems)
	if p == nil {
		return nil
	}
	sort.SliceStable(p.list, func(i, j int) bool { return p.list[i].offset < p.list[j].offset })
	var out []diag.Diagnostic
	line, col, pos := 1, 1, 0
	for _, pr := range p.list {
		for ; pos < pr.offset && pos < len(p.source); pos++ {
			if p.source[pos] == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
		}
		for _, m := range pr.messages {
			out = append(out, diag.Diagnostic{Line: line, Col: col, Severity: diag.Warning, Code: "block", Message: m})
		}
	}
	return out
}
