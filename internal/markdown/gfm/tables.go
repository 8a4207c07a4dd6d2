package gfm

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// codePipeTables is goldmark's table paragraph transformer, after which a
// row with a pipe inside a code span is split again as Python-Markdown's
// tables extension splits it: such a pipe is text ("| `a|b` | c |" is two
// cells), where GitHub's tables make it a cell's end (and drop what then
// runs past the last column). Other rows are goldmark's.
type codePipeTables struct{ inner parser.ParagraphTransformer }

func (t codePipeTables) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	if node.Lines().Len() < 2 {
		return
	}
	parent, prev, next := node.Parent(), node.PreviousSibling(), node.NextSibling()
	t.inner.Transform(node, reader, pc)
	c := parent.FirstChild()
	if prev != nil {
		c = prev.NextSibling()
	}
	for ; c != nil && c != next; c = c.NextSibling() {
		if table, ok := c.(*extast.Table); ok {
			resplit(table, reader.Source())
		}
	}
}

// resplit splits again the rows of table holding a pipe in a code span.
func resplit(table *extast.Table, src []byte) {
	for row := table.FirstChild(); row != nil; row = row.NextSibling() {
		// A row starts where its line of the paragraph did.
		start := row.Pos()
		if start < 0 || start >= len(src) {
			continue
		}
		end := start + bytes.IndexByte(src[start:], '\n')
		if end < start {
			end = len(src)
		}
		if bytes.IndexByte(src[start:end], '`') < 0 {
			continue // (the usual row)
		}
		cells, moved := splitRow(text.NewSegment(start, end), src)
		if !moved {
			continue
		}
		if row.Kind() == extast.KindTableHeader && len(cells) != len(table.Alignments) {
			continue // (goldmark's header defines the columns)
		}
		row.RemoveChildren(row)
		for i, align := range table.Alignments {
			cell := extast.NewTableCell()
			cell.Alignment = align
			if i < len(cells) {
				cell.Lines().Append(cells[i])
			}
			row.AppendChild(row, cell)
		}
	}
}

// splitRow splits a row at its pipes outside code spans and escapes, as
// Python-Markdown does, and reports whether a pipe inside a code span was
// kept (only then does its split differ from goldmark's). The cells are
// trimmed of spaces.
func splitRow(seg text.Segment, src []byte) ([]text.Segment, bool) {
	seg = seg.TrimLeftSpace(src)
	seg = seg.TrimRightSpace(src)
	line := seg.Value(src)
	lo, hi := 0, len(line)
	if hi > 0 && line[0] == '|' {
		lo++
	}
	if hi > lo && line[hi-1] == '|' && (hi < 2 || line[hi-2] != '\\') {
		hi--
	}
	inCode := codeRegions(line[:hi])
	var cells []text.Segment
	moved := false
	start := lo
	for i := lo; i < hi; i++ {
		switch {
		case line[i] == '\\':
			i++ // (an escaped character, a pipe too, is text)
		case line[i] == '|' && inCode[i]:
			moved = true
		case line[i] == '|':
			cells = append(cells, cell(seg, start, i, src))
			start = i + 1
		}
	}
	return append(cells, cell(seg, start, hi, src)), moved
}

func cell(row text.Segment, lo, hi int, src []byte) text.Segment {
	s := text.NewSegment(row.Start+lo, row.Start+hi)
	s = s.TrimLeftSpace(src)
	return s.TrimRightSpace(src)
}

// codeRegions marks the bytes of line inside code spans: a run of
// backticks (not escaped) opens one that the next run of as many closes.
func codeRegions(line []byte) []bool {
	in := make([]bool, len(line))
	type run struct{ at, n int }
	var runs []run
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '`':
			j := i
			for j < len(line) && line[j] == '`' {
				j++
			}
			runs = append(runs, run{i, j - i})
			i = j - 1
		}
	}
	// Each run opens a span the next run of its length closes; runs
	// inside a span are text. (Each length's list is walked once.)
	byLen := map[int][]int{}
	for i, r := range runs {
		byLen[r.n] = append(byLen[r.n], i)
	}
	next := map[int]int{} // length → the place in byLen[length] to look from
	end := 0
	for i, r := range runs {
		if r.at < end {
			continue
		}
		list, k := byLen[r.n], next[r.n]
		for k < len(list) && list[k] <= i {
			k++
		}
		next[r.n] = k
		if k == len(list) {
			continue // never closed: backticks as text
		}
		closer := runs[list[k]]
		end = closer.at + closer.n
		for b := r.at; b < end; b++ {
			in[b] = true
		}
	}
	return in
}
