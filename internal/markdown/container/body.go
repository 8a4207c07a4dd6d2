// Package container holds the line rule shared by the indented container blocks of
// the Material dialect (admonitions, collapsible blocks, content tabs): a line
// belongs to the body when it is blank or indented by at least four columns
// (a tab counts as reaching the next multiple of four) relative to the
// container's own content column.
package container

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Indent is the width, in columns, that marks a line as part of a body.
const Indent = 4

// Continue implements parser.BlockParser.Continue for an indented body: it
// consumes the body indentation and reports whether the line belongs to the
// container. Non-indented lines close the container; goldmark then still
// offers them to an open paragraph inside it (lazy continuation).
func Continue(reader text.Reader, pc parser.Context) parser.State {
	line, _ := reader.PeekLine()
	if line == nil {
		return parser.Close
	}
	// IndentPosition stops after Indent columns, so deeply nested bodies do
	// not rescan their whole leading whitespace once per nesting level.
	pos, padding := util.IndentPosition(line, column(reader, pc), Indent)
	if pos >= 0 {
		reader.AdvanceAndSetPadding(pos, padding)
		return parser.Continue | parser.HasChildren
	}
	if util.IsBlank(line) {
		reader.AdvanceToEOL()
		return parser.Continue | parser.HasChildren
	}
	return parser.Close
}

// columnCache remembers the visual column of one source offset, so the column
// of a later offset is found by scanning only the bytes in between.
type columnCache struct {
	source []byte // the document the offset belongs to
	offset int
	column int
}

var columnCacheKey = parser.NewContextKey()

// column returns the visual column of the reader's position, like
// text.Reader.LineOffset. LineOffset rescans the line from its start on every
// call, which costs O(depth) per nesting level and O(depth²) per line for
// deeply nested bodies; the cache makes the total work linear in the input
// because the block parser only moves forward.
func column(reader text.Reader, pc parser.Context) int {
	_, seg := reader.PeekLine()
	cache := pc.ComputeIfAbsent(columnCacheKey, func() any {
		return &columnCache{offset: -1}
	}).(*columnCache)
	source := reader.Source()
	if cache.offset < 0 || seg.Start < cache.offset || !sameSlice(source, cache.source) {
		cache.source = source
		cache.offset = seg.Start
		cache.column = reader.LineOffset() + seg.Padding
		return reader.LineOffset()
	}
	cache.column = advanceColumn(source, cache.offset, seg.Start, cache.column)
	cache.offset = seg.Start
	return cache.column - seg.Padding
}

// sameSlice reports whether a and b are the same bytes in memory, so a
// context reused for another document does not reuse a stale column.
func sameSlice(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// advanceColumn returns the visual column at offset to, given the column at
// offset from, counting tabs to the next multiple of four. Only the bytes
// after the last line break count, each a column but for tabs: they are
// found with bytes' searches rather than looked at one by one.
func advanceColumn(source []byte, from, to, col int) int {
	to = min(to, len(source))
	if from >= to {
		return col
	}
	if nl := bytes.LastIndexByte(source[from:to], '\n'); nl >= 0 {
		from, col = from+nl+1, 0
	}
	for rest := source[from:to]; ; {
		tab := bytes.IndexByte(rest, '\t')
		if tab < 0 {
			return col + len(rest)
		}
		col += tab
		col += util.TabWidth(col)
		rest = rest[tab+1:]
	}
}

// MaxDepth is the deepest a marker may open a new container, counted in block
// ancestors. goldmark re-examines the remainder of every line once per open
// block, so unbounded nesting makes parsing cost grow with the square of the
// depth on every line; no real page nests anywhere near this deep. Deeper
// markers stay ordinary text.
const MaxDepth = 20

// TooDeep reports whether a container opened under parent would exceed
// MaxDepth. It looks at no more than MaxDepth ancestors.
func TooDeep(parent ast.Node) bool {
	depth := 0
	for n := parent; n != nil; n = n.Parent() {
		depth++
		if depth > MaxDepth {
			return true
		}
	}
	return false
}
