package mojibake

import (
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// charset is one 8-bit encoding that UTF-8 bytes may have been misread as.
// Only the upper half matters: every byte below 0x80 is ASCII in all of them,
// and the bytes of a multi-byte UTF-8 sequence are all 0x80 or above.
type charset struct {
	name   string
	toByte map[rune]byte // byte for each rune of the upper half
	isMac  bool          // Mac Roman: 0xF0 reads as U+F8FF (see classify)
	index  int           // position in charsets and in a code
}

// charsets are tried in this order; on a tie the earlier one wins.
var charsets = [numCharsets]*charset{
	newCharset(0, "macintosh", charmap.Macintosh, nil),
	// Bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) are
	// read as the C1 control of the same value, as browsers and most editors do.
	newCharset(1, "windows-1252", charmap.Windows1252, charmap.ISO8859_1),
	newCharset(2, "iso-8859-1", charmap.ISO8859_1, nil),
}

const numCharsets = 3

// code holds, per charset, the byte a rune is written as, or -1 when that
// charset cannot write it (or it is ASCII). Looking all charsets up at once
// keeps the scan to one table access per rune.
type code [numCharsets]int16

var noCode = code{-1, -1, -1}

var (
	latinCodes [256]code     // runes below U+0100
	otherCodes map[rune]code // the few other runes the charsets can write
)

func init() {
	otherCodes = make(map[rune]code)
	for r := range latinCodes {
		latinCodes[r] = noCode
	}
	for _, cs := range charsets {
		for r, b := range cs.toByte {
			c := codeOf(r)
			c[cs.index] = int16(b)
			if r < 0x100 {
				latinCodes[r] = c
			} else {
				otherCodes[r] = c
			}
		}
	}
}

// codeOf returns the bytes each charset writes r as.
func codeOf(r rune) code {
	if r >= 0 && r < 0x100 {
		return latinCodes[r]
	}
	if r > 0x25CA && r != 0xF8FF && r != 0xFB01 && r != 0xFB02 {
		// Past "◊", the last symbol of the tables apart from U+F8FF and the
		// "ﬁ"/"ﬂ" ligatures; spares CJK text and emoji a map lookup.
		return noCode
	}
	if c, ok := otherCodes[r]; ok {
		return c
	}
	return noCode
}

func newCharset(index int, name string, cm, fallback *charmap.Charmap) *charset {
	cs := &charset{name: name, index: index, toByte: make(map[rune]byte, 128), isMac: cm == charmap.Macintosh}
	for i := 0x80; i <= 0xFF; i++ {
		b := byte(i)
		r := cm.DecodeByte(b)
		if r == utf8.RuneError && fallback != nil {
			r = fallback.DecodeByte(b)
		}
		if r != utf8.RuneError {
			cs.toByte[r] = b
		}
	}
	return cs
}
