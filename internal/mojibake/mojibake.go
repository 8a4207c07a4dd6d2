// Package mojibake finds and repairs text that was UTF-8, was read as an
// 8-bit charset (Mac Roman, Windows-1252 or Latin-1) and was saved again as
// UTF-8, so that "🚨" became "üö®" and "✅" became "‚úÖ".
//
// A run of non-ASCII characters is a candidate when writing it back in the
// charset gives valid UTF-8 bytes that decode to fewer, plausible characters;
// the round trip is exact by construction because each charset maps its upper
// half one-to-one. Plausibility rules (see classify) keep ordinary accented
// text, symbols, emoji and CJK from ever being touched.
package mojibake

import (
	"bytes"
	"unicode/utf8"
)

// Finding is one damaged run. Line is 1-based; Col is the 1-based byte column
// of Bad in its line. Fixed is the repaired text and Encoding the charset the
// UTF-8 bytes were misread as ("macintosh", "windows-1252" or "iso-8859-1").
type Finding struct {
	Line, Col  int
	Bad, Fixed string
	Encoding   string
}

// repair is one damaged run located by byte offsets in the whole input.
type repair struct {
	start, end int
	fixed      string
	cs         *charset
}

// Scan returns every damaged run in src, in order, with the repaired text.
func Scan(src []byte) []Finding {
	repairs := findRepairs(src)
	if len(repairs) == 0 {
		return nil
	}
	findings := make([]Finding, 0, len(repairs))
	line, lineStart, pos := 1, 0, 0
	for _, rp := range repairs {
		for {
			nl := bytes.IndexByte(src[pos:rp.start], '\n')
			if nl < 0 {
				break
			}
			line++
			pos += nl + 1
			lineStart = pos
		}
		findings = append(findings, Finding{
			Line:     line,
			Col:      rp.start - lineStart + 1,
			Bad:      string(src[rp.start:rp.end]),
			Fixed:    rp.fixed,
			Encoding: rp.cs.name,
		})
	}
	return findings
}

// maxPasses bounds how many layers of damage Fix peels off; text damaged
// more often than this is left alone.
const maxPasses = 4

// Fix repairs every damaged run and returns the result with the number of
// runs replaced. Damage applied more than once is repaired layer by layer
// until nothing is left to find. When src is not valid UTF-8, or layers of
// damage remain after maxPasses, Fix returns src unchanged, 0 and ok=false,
// so the output is never half repaired.
func Fix(src []byte) (fixed []byte, n int, ok bool) {
	if !utf8.Valid(src) {
		return src, 0, false
	}
	cur := src
	for pass := 0; ; pass++ {
		repairs := findRepairs(cur)
		if len(repairs) == 0 {
			return cur, n, true
		}
		if pass == maxPasses {
			return src, 0, false
		}
		cur = apply(cur, repairs)
		n += len(repairs)
	}
}

// apply replaces each repair's byte range (in increasing, disjoint order).
func apply(src []byte, repairs []repair) []byte {
	out := make([]byte, 0, len(src))
	last := 0
	for _, rp := range repairs {
		out = append(out, src[last:rp.start]...)
		out = append(out, rp.fixed...)
		last = rp.end
	}
	return append(out, src[last:]...)
}

// findRepairs walks src once. Mojibake of a multi-byte character is made only
// of non-ASCII characters, so ASCII bytes are skipped at once and only maximal
// non-ASCII runs ("segments") are examined.
func findRepairs(src []byte) []repair {
	var out []repair
	var seg segment
	for i := 0; i < len(src); {
		if src[i] < utf8.RuneSelf {
			i++
			continue
		}
		end := seg.read(src, i)
		if end == i { // invalid byte: not text, never repaired
			i++
			continue
		}
		if seg.mayBeDamaged() {
			out = append(out, repairSegment(src, &seg)...)
		}
		i = end
	}
	return out
}

// segment is a non-ASCII run split into runes: codes[k] says how each charset
// writes rune k, offs[k] is its byte offset in the input and offs[len(codes)]
// the offset just past the run. Its slices are reused from run to run.
type segment struct {
	codes []code
	offs  []int
}

// read loads the run of valid non-ASCII runes at start and returns its end.
func (seg *segment) read(src []byte, start int) (end int) {
	seg.codes, seg.offs = seg.codes[:0], seg.offs[:0]
	end = start
	for end < len(src) && src[end] >= utf8.RuneSelf {
		r, size := utf8.DecodeRune(src[end:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		seg.codes = append(seg.codes, codeOf(r))
		seg.offs = append(seg.offs, end)
		end += size
	}
	seg.offs = append(seg.offs, end)
	return end
}

// mayBeDamaged is a quick reject: damage needs at least two runes and a rune
// that some charset writes as a UTF-8 lead byte.
func (seg *segment) mayBeDamaged() bool {
	if len(seg.codes) < 2 {
		return false
	}
	for _, c := range seg.codes[:len(seg.codes)-1] {
		for _, b := range c {
			if b >= 0xC2 && b <= 0xF4 {
				return true
			}
		}
	}
	return false
}

// repairSegment tries every charset and keeps the one whose repairs remove the
// most characters, i.e. whose repaired text is shortest.
func repairSegment(src []byte, seg *segment) []repair {
	var best []repair
	bestSaved := 0
	for _, cs := range charsets {
		repairs, saved := repairsWith(src, seg, cs)
		if saved > bestSaved {
			best, bestSaved = repairs, saved
		}
	}
	return best
}
