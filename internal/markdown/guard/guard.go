// Package guard keeps a page's conversion linear in its size. goldmark's
// parser does work that grows faster than the input on a few shapes of
// text no one writes by hand but anyone can paste: containers nested
// thousands deep on one line or by indentation ("> > > > …", "- - - - …"),
// link destinations scanned again for every "](" on a long line
// ("[a]([a]([a](…"), and hundreds of thousands of link brackets in one
// paragraph (a megabyte of "["). Before the page is parsed, guard finds
// each block (a run of non-blank lines) with one of these shapes beyond a
// limit, reports it as a warning at its line, and fences it as a code
// block, so it is shown as plain escaped text and costs linear work.
package guard

import (
	"bytes"
	"fmt"
	"strings"

	"handbook/internal/diag"
)

// Limits, far beyond anything written by hand.
const (
	// MaxNesting bounds the containers a line can open: its block quote
	// and list markers, plus its indentation counted as one level per two
	// columns (a nested list needs at least two).
	MaxNesting = 64
	// MaxBrackets bounds the link brackets ("[", "![") of one block, and
	// MaxOpenBrackets the ones open at once (each "]" looks back over the
	// brackets still open).
	MaxBrackets     = 100_000
	MaxOpenBrackets = 1_000
	// scanFactor and scanSlack bound the bytes the link parser may scan
	// for the destinations and titles of one block's "](": a destination
	// is scanned to the next space (or ">", or the title's closing mark),
	// once per "](".
	scanFactor = 16
	scanSlack  = 1 << 16
)

// Result is a page with its guarded blocks fenced.
type Result struct {
	Source []byte
	// Diags are positioned in the page as given (1-based lines).
	Diags diag.List
	// origins[i] is the page line output line i+1 came from; nil when
	// nothing was fenced.
	origins []int
}

// PageLine maps a 1-based line of Source to the page line it comes from
// (a fence line maps to the first line of its block).
func (r *Result) PageLine(line int) int {
	if r.origins == nil || line < 1 {
		return line
	}
	if line > len(r.origins) {
		return r.origins[len(r.origins)-1]
	}
	return r.origins[line-1]
}

// Apply fences the blocks of src that would cost more than linear work.
// src is returned as it is when no block does.
func Apply(src []byte) Result {
	lines := splitLines(src)
	var guarded []span
	var diags diag.List
	for _, b := range blocks(lines) {
		if why, line := judge(lines[b.from:b.to], b.from); why != "" {
			guarded = append(guarded, b)
			diags.Warnf("", line+1, 1, "guard", "%s: the block is shown as text", why)
		}
	}
	if len(guarded) == 0 {
		return Result{Source: src}
	}
	return fence(lines, guarded, diags)
}

// span is a block: lines [from, to).
type span struct{ from, to int }

func splitLines(src []byte) [][]byte {
	lines := make([][]byte, 0, bytes.Count(src, []byte{'\n'})+1)
	for len(src) > 0 {
		i := bytes.IndexByte(src, '\n')
		if i < 0 {
			lines = append(lines, src)
			break
		}
		lines = append(lines, src[:i+1])
		src = src[i+1:]
	}
	return lines
}

func blank(line []byte) bool { return len(bytes.TrimSpace(line)) == 0 }

// blocks are the runs of non-blank lines.
func blocks(lines [][]byte) []span {
	var out []span
	for i := 0; i < len(lines); {
		if blank(lines[i]) {
			i++
			continue
		}
		j := i
		for j < len(lines) && !blank(lines[j]) {
			j++
		}
		out = append(out, span{i, j})
		i = j
	}
	return out
}

// judge returns why a block must be guarded ("" when it need not be) and
// the index of the line that shows it.
func judge(lines [][]byte, first int) (string, int) {
	brackets, open, deepest, links := 0, 0, 0, false
	for i, l := range lines {
		if d := nesting(l); d > MaxNesting {
			return fmt.Sprintf("containers nested %d deep (more than %d)", d, MaxNesting), first + i
		}
		if bytes.IndexByte(l, '[') < 0 && bytes.IndexByte(l, ']') < 0 {
			continue // (most lines: found by the vectorised search)
		}
		for j, c := range l {
			switch c {
			case '[':
				brackets++
				open++
				deepest = max(deepest, open)
			case ']':
				open = max(open-1, 0)
				links = links || j+1 < len(l) && l[j+1] == '('
			}
		}
		if brackets > MaxBrackets {
			return fmt.Sprintf("more than %d link brackets in one block", MaxBrackets), first + i
		}
		if deepest > MaxOpenBrackets {
			return fmt.Sprintf("more than %d link brackets open at once", MaxOpenBrackets), first + i
		}
	}
	if !links {
		return "", 0
	}
	block := bytes.Join(lines, nil)
	if cost, at := linkScans(block); cost > scanFactor*len(block)+scanSlack {
		return fmt.Sprintf("link destinations that would be scanned %d times over", cost/max(len(block), 1)), first + bytes.Count(block[:at], []byte("\n"))
	}
	return "", 0
}

// nesting counts the containers a line could open: block quote markers,
// list markers, and its indentation at one level per two columns.
func nesting(line []byte) int {
	depth, cols := 0, 0
	i := 0
	for i < len(line) {
		switch c := line[i]; {
		case c == ' ':
			cols++
			i++
		case c == '\t':
			cols += 4
			i++
		case c == '>':
			depth++
			i++
		case (c == '-' || c == '+' || c == '*') && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t'):
			depth++
			i++
		case '0' <= c && c <= '9':
			j := i
			for j < len(line) && j-i < 10 && '0' <= line[j] && line[j] <= '9' {
				j++
			}
			if j+1 < len(line) && (line[j] == '.' || line[j] == ')') && (line[j+1] == ' ' || line[j+1] == '\t') {
				depth++
				i = j + 1
				continue
			}
			return depth + cols/2
		default:
			return depth + cols/2
		}
	}
	return depth + cols/2
}

// linkScans bounds the bytes goldmark's link parser scans for the
// destinations and titles after the "](" of a block, and returns where the
// costliest group starts. A destination runs to the next space (or, in
// <…>, to the next ">" on its line), so every "](" of one run without
// spaces is scanned to the same end; a title from its opening mark to the
// next closing one. One forward pass, so this is linear too.
func linkScans(b []byte) (cost, at int) {
	type group struct{ count, sum, first, opener int } // scans waiting for one end: how many, the sum and first of their starts (a title's opening mark)
	var run, angle group
	var waiting [256][]group // title scans waiting for their closing mark
	worst := 0
	settle := func(g *group, end int) {
		if g.count == 0 {
			return
		}
		c := g.count*end - g.sum
		cost += c
		if c > worst {
			worst, at = c, g.first
		}
		*g = group{}
	}
	add := func(g *group, start int) {
		if g.count == 0 {
			g.first = start
		}
		g.count++
		g.sum += start
	}
	startAt := -1 // a destination that starts after spaces, added when reached
	n := len(b)
	for i := 0; i < n; i++ {
		c := b[i]
		if ws := waiting[c]; len(ws) > 0 {
			kept := ws[:0]
			for k := range ws {
				if ws[k].opener < i {
					settle(&ws[k], i)
				} else {
					kept = append(kept, ws[k]) // its own opening mark
				}
			}
			waiting[c] = kept
		}
		if i == startAt {
			if c == '<' {
				add(&angle, i)
			} else {
				add(&run, i)
			}
			startAt = -1
		}
		switch c {
		case ']':
			if i+1 < n && b[i+1] == '(' {
				j := i + 2
				for j < n && (b[j] == ' ' || b[j] == '\t') {
					j++
				}
				startAt = j
			}
		case ' ', '\t', '\r', '\n':
			if run.count > 0 {
				k := i
				for k < n && (b[k] == ' ' || b[k] == '\t' || b[k] == '\r' || b[k] == '\n') {
					k++
				}
				if k < n && (b[k] == '"' || b[k] == '\'' || b[k] == '(') {
					closer := b[k]
					if closer == '(' {
						closer = ')'
					}
					title := group{count: run.count, sum: run.count * k, first: run.first, opener: k}
					waiting[closer] = append(waiting[closer], title)
				}
				settle(&run, i)
			}
			if c == '\n' {
				settle(&angle, i)
			}
		case '>':
			settle(&angle, i)
		}
	}
	settle(&run, n)
	settle(&angle, n)
	for _, closer := range []byte{'"', '\'', ')'} {
		for k := range waiting[closer] {
			settle(&waiting[closer][k], n)
		}
	}
	return cost, at
}

// fence writes the lines with each guarded block inside a tilde fence
// longer than any tilde run the block starts a line with.
func fence(lines [][]byte, guarded []span, diags diag.List) Result {
	var out bytes.Buffer
	var origins []int
	g := 0
	for i := 0; i < len(lines); i++ {
		if g < len(guarded) && guarded[g].from == i {
			b := guarded[g]
			marker := strings.Repeat("~", longestTildes(lines[b.from:b.to])+1)
			out.WriteString(marker + " text\n")
			origins = append(origins, i+1)
			for ; i < b.to; i++ {
				out.Write(lines[i])
				if !bytes.HasSuffix(lines[i], []byte("\n")) {
					out.WriteByte('\n')
				}
				origins = append(origins, i+1)
			}
			out.WriteString(marker + "\n")
			origins = append(origins, b.from+1)
			i--
			g++
			continue
		}
		out.Write(lines[i])
		origins = append(origins, i+1)
	}
	return Result{Source: out.Bytes(), Diags: diags, origins: origins}
}

// longestTildes is the longest run of "~" that starts a line (after its
// indentation), at least 3.
func longestTildes(lines [][]byte) int {
	longest := 3
	for _, l := range lines {
		t := bytes.TrimLeft(l, " \t")
		n := 0
		for n < len(t) && t[n] == '~' {
			n++
		}
		longest = max(longest, n)
	}
	return longest
}
