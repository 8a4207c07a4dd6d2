package mojibake

import (
	"bytes"
	"unicode/utf8"
)

// Options say which damaged runs Repair may change.
type Options struct {
	// IncludeCode repairs code spans and fenced code blocks too. By default
	// they are left as written: a page about mojibake shows it in code.
	IncludeCode bool
}

// Skipped is a damaged-looking run that Repair left as written, and why.
type Skipped struct {
	Finding
	Reason string
}

// Reasons a run is left alone.
const (
	ReasonCode      = "inside code (repair with --include-code if it is damaged)"
	ReasonAmbiguous = "could be correct text, and nothing else in the file is damaged the same way; repair it by hand if it is damaged"
	ReasonUncertain = "layers of damage remain; the file is left as it is"
)

// Repair repairs the damage in src that is certain and returns the result
// with what it left alone (positions in src). A run is certain when the
// repaired text is far more plausible than the damaged one, that is when it
// yields a character of three or more UTF-8 bytes (emoji, curly quotes,
// dashes, arrows), whose damaged form is a cluster of symbols no prose
// holds; or when the file is consistently damaged by one charset, with at
// least two runs of it. A lone two-byte repair such as "Â£5" → "£5" is
// ambiguous: "Â£" may be meant. Text that is not valid UTF-8 is returned as
// it is.
func Repair(src []byte, opts Options) (fixed []byte, skipped []Skipped) {
	if !utf8.Valid(src) {
		return src, nil
	}
	cur := src
	for pass := 0; ; pass++ {
		all := findRepairs(cur)
		keep, left := choose(cur, all, opts)
		if pass == 0 {
			skipped = left
		}
		if len(keep) == 0 {
			return cur, skipped
		}
		if pass == maxPasses {
			return src, append(skipped, Skipped{Finding: Finding{Line: 1, Col: 1}, Reason: ReasonUncertain})
		}
		cur = apply(cur, keep)
	}
}

// choose splits one pass's repairs into those to make and those to leave.
func choose(src []byte, repairs []repair, opts Options) (keep []repair, left []Skipped) {
	var code [][2]int
	if !opts.IncludeCode {
		code = codeRanges(src)
	}
	var prose []repair
	for _, rp := range repairs {
		if inRanges(code, rp.start) {
			left = append(left, skippedAt(src, rp, ReasonCode))
			continue
		}
		prose = append(prose, rp)
	}
	strong := map[*charset]int{}
	weak := map[*charset]int{}
	for _, rp := range prose {
		if isStrong(rp) {
			strong[rp.cs]++
		} else {
			weak[rp.cs]++
		}
	}
	for _, rp := range prose {
		if isStrong(rp) || strong[rp.cs] > 0 || (weak[rp.cs] >= 2 && len(weak) == 1) {
			keep = append(keep, rp)
		} else {
			left = append(left, skippedAt(src, rp, ReasonAmbiguous))
		}
	}
	return keep, left
}

// isStrong: the repair yields a character of three or more UTF-8 bytes.
func isStrong(rp repair) bool {
	for _, r := range rp.fixed {
		if utf8.RuneLen(r) >= 3 {
			return true
		}
	}
	return false
}

func skippedAt(src []byte, rp repair, reason string) Skipped {
	lineStart := bytes.LastIndexByte(src[:rp.start], '\n') + 1
	return Skipped{
		Finding: Finding{
			Line:     bytes.Count(src[:rp.start], []byte("\n")) + 1,
			Col:      rp.start - lineStart + 1,
			Bad:      string(src[rp.start:rp.end]),
			Fixed:    rp.fixed,
			Encoding: rp.cs.name,
		},
		Reason: reason,
	}
}

func inRanges(ranges [][2]int, off int) bool {
	for _, r := range ranges {
		if off >= r[0] && off < r[1] {
			return true
		}
	}
	return false
}

// codeRanges returns the byte ranges of src's fenced code blocks (fence
// lines included; a fence may be indented, as inside an admonition) and
// inline code spans, in increasing order.
func codeRanges(src []byte) [][2]int {
	var out [][2]int
	var fenceChar byte
	fenceLen, fenceStart, paraStart := 0, 0, 0
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += off + 1
		}
		line := bytes.TrimLeft(src[off:end], " \t")
		ch, n := fenceOf(line)
		switch {
		case fenceLen > 0:
			if ch == fenceChar && n >= fenceLen && len(bytes.TrimSpace(line[n:])) == 0 {
				out = append(out, [2]int{fenceStart, end})
				fenceLen, paraStart = 0, end
			}
		case n > 0:
			out = append(out, spans(src, paraStart, off)...)
			fenceChar, fenceLen, fenceStart = ch, n, off
		case len(bytes.TrimSpace(line)) == 0:
			out = append(out, spans(src, paraStart, off)...)
			paraStart = end
		}
		off = end
	}
	if fenceLen > 0 {
		out = append(out, [2]int{fenceStart, len(src)}) // unclosed: runs to the end
	} else {
		out = append(out, spans(src, paraStart, len(src))...)
	}
	return out
}

// fenceOf reports a fence opening line: three or more backticks or tildes.
func fenceOf(line []byte) (byte, int) {
	if len(line) < 3 || (line[0] != '`' && line[0] != '~') {
		return 0, 0
	}
	n := 0
	for n < len(line) && line[n] == line[0] {
		n++
	}
	if n < 3 || (line[0] == '`' && bytes.IndexByte(line[n:], '`') >= 0) {
		return 0, 0
	}
	return line[0], n
}

// spans finds the code spans of one block of text, src[from:to]: a run of
// backticks up to the next run of the same length.
func spans(src []byte, from, to int) [][2]int {
	var out [][2]int
	for i := from; i < to; {
		if src[i] != '`' {
			i++
			continue
		}
		n := run(src, i, to)
		closeAt := -1
		for j := i + n; j < to; {
			if src[j] != '`' {
				j++
				continue
			}
			m := run(src, j, to)
			if m == n {
				closeAt = j + m
				break
			}
			j += m
		}
		if closeAt < 0 {
			i += n
			continue
		}
		out = append(out, [2]int{i, closeAt})
		i = closeAt
	}
	return out
}

func run(src []byte, i, to int) int {
	n := 0
	for i+n < to && src[i+n] == '`' {
		n++
	}
	return n
}
