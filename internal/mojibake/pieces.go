package mojibake

import "unicode/utf8"

// piece is a stretch of a segment, runes[from:to], whose bytes in some charset
// form exactly one multi-byte UTF-8 character r.
type piece struct {
	from, to int
	r        rune
	class    class
}

// repairsWith finds the trusted repairs in seg read through cs and how many
// characters they remove.
func repairsWith(src []byte, seg *segment, cs *charset) ([]repair, int) {
	pieces := findPieces(seg, cs)
	if len(pieces) == 0 {
		return nil, 0
	}
	accepted := acceptPieces(src, seg, pieces)
	var repairs []repair
	saved := 0
	for k := 0; k < len(pieces); {
		if !accepted[k] {
			k++
			continue
		}
		j := k + 1
		for j < len(pieces) && accepted[j] && pieces[j].from == pieces[j-1].to {
			j++
		}
		repairs = append(repairs, groupRepair(seg, pieces[k:j], cs))
		saved += pieces[j-1].to - pieces[k].from - (j - k)
		k = j
	}
	return repairs, saved
}

func groupRepair(seg *segment, group []piece, cs *charset) repair {
	fixed := make([]rune, len(group))
	for i, p := range group {
		fixed[i] = p.r
	}
	return repair{
		start: seg.offs[group[0].from],
		end:   seg.offs[group[len(group)-1].to],
		fixed: string(fixed),
		cs:    cs,
	}
}

// findPieces scans seg left to right for charset byte sequences that are
// valid multi-byte UTF-8. Runes that do not start one are kept as they are.
func findPieces(seg *segment, cs *charset) []piece {
	var pieces []piece
	for i := 0; i < len(seg.codes); {
		r, n := decodeAt(seg.codes[i:], cs.index)
		if n == 0 {
			i++
			continue
		}
		pieces = append(pieces, piece{from: i, to: i + n, r: r, class: classify(r, n, cs)})
		i += n
	}
	return pieces
}

// decodeAt writes the leading runes back as cs bytes and decodes one UTF-8
// character from them; n is the number of runes used, 0 when there is none.
func decodeAt(codes []code, cs int) (r rune, n int) {
	lead := codes[0][cs]
	if lead < 0 {
		return 0, 0
	}
	n = sequenceLength(byte(lead))
	if n == 0 || len(codes) < n {
		return 0, 0
	}
	var buf [utf8.UTFMax]byte
	for k := 0; k < n; k++ {
		b := codes[k][cs]
		if b < 0 {
			return 0, 0
		}
		buf[k] = byte(b)
	}
	r, size := utf8.DecodeRune(buf[:n])
	if r == utf8.RuneError || size != n {
		return 0, 0
	}
	return r, n
}

// sequenceLength is the UTF-8 length announced by a lead byte, 0 if b cannot
// start a multi-byte character.
func sequenceLength(b byte) int {
	switch {
	case b >= 0xC2 && b <= 0xDF:
		return 2
	case b >= 0xE0 && b <= 0xEF:
		return 3
	case b >= 0xF0 && b <= 0xF4:
		return 4
	}
	return 0
}

// acceptPieces decides which pieces are trusted repairs. Pieces are judged in
// chains of adjacent non-rejected pieces: a chain with two or more characters
// of its own is strong evidence, a lone piece is trusted only if its class
// says so (see class).
func acceptPieces(src []byte, seg *segment, pieces []piece) []bool {
	accepted := make([]bool, len(pieces))
	for k := 0; k < len(pieces); {
		if pieces[k].class == reject {
			k++
			continue
		}
		j := k + 1
		for j < len(pieces) && pieces[j].from == pieces[j-1].to && pieces[j].class != reject {
			j++
		}
		acceptChain(src, seg, pieces[k:j], accepted[k:j])
		k = j
	}
	return accepted
}

func acceptChain(src []byte, seg *segment, chain []piece, accepted []bool) {
	own := 0 // characters that are not marks hanging on another one
	for _, p := range chain {
		if p.class != dependent {
			own++
		}
	}
	start, end := seg.offs[chain[0].from], seg.offs[chain[len(chain)-1].to]
	inWord := (start > 0 && isASCIILetter(src[start-1])) || (end < len(src) && isASCIILetter(src[end]))
	for i, p := range chain {
		switch p.class {
		case standalone:
			accepted[i] = true
		case dependent:
			accepted[i] = (i > 0 && accepted[i-1]) || (i == 0 && attachesToASCII(src, start, p))
		case wordLetter:
			accepted[i] = own > 1 || inWord
		case needsCompany:
			accepted[i] = own > 1
		}
	}
}

// attachesToASCII reports whether a damaged variation selector or combining
// mark follows an ASCII character it can modify, as in the keycap "1️⃣".
// Only three-byte sequences qualify: their damaged form is too specific to
// occur in real text.
func attachesToASCII(src []byte, start int, p piece) bool {
	return p.to-p.from >= 3 && start > 0 && src[start-1] > ' ' && src[start-1] < utf8.RuneSelf
}
