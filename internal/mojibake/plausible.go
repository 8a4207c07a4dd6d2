package mojibake

import "unicode"

// class says how much evidence a repaired character needs before it is trusted.
// The damaged form of some characters can occur in ordinary text (the French
// "l’été" read through Mac Roman decodes to an Armenian letter), so only
// characters whose damaged form is implausible stand on their own.
type class int

const (
	reject       class = iota // never a repair: control, private-use, unassigned
	standalone                // symbols, punctuation, emoji: trusted alone
	dependent                 // combining marks, variation selectors: only after a trusted repair
	wordLetter                // Latin letter: alone only inside a word
	needsCompany              // other letters: only among other repairs
)

// classify rates r, decoded from an n-byte UTF-8 sequence read through cs.
func classify(r rune, n int, cs *charset) class {
	switch {
	case r == 0xF8FF && cs.isMac:
		// U+F8FF is what Mac Roman makes of byte 0xF0, the lead byte of every
		// emoji; seeing it decoded means the emoji was damaged twice.
		return standalone
	case r >= 0x80 && r <= 0x9F:
		// C1 controls never appear in real text, but a Windows-1252 undefined
		// byte (in "❌" = E2 9D 8C) leaves one in the first layer of doubly
		// damaged text; it is kept only among other repairs.
		return needsCompany
	case isNeverRepair(r):
		return reject
	case unicode.IsMark(r) || isEmojiModifierOrTag(r):
		return dependent
	case n == 2:
		return classifyTwoByte(r)
	case n == 3 && r >= 0x1E00 && r <= 0x1EFF && unicode.IsLetter(r):
		return wordLetter // Latin Extended Additional: Vietnamese
	case n == 3 && unicode.IsLetter(r), n == 3 && unicode.In(r, unicode.Nd, unicode.Nl):
		return needsCompany
	default:
		return standalone
	}
}

func isNeverRepair(r rune) bool {
	if r == unicode.ReplacementChar || unicode.In(r, unicode.Cc, unicode.Co, unicode.Cs) {
		return true
	}
	assigned := unicode.IsGraphic(r) || unicode.Is(unicode.Cf, r)
	return !assigned
}

// isEmojiModifierOrTag reports the emoji parts that never start a character:
// the zero-width joiner, variation selectors and tag characters.
func isEmojiModifierOrTag(r rune) bool {
	return r == 0x200D || (r >= 0xFE00 && r <= 0xFE0F) || (r >= 0xE0020 && r <= 0xE007F)
}

// classifyTwoByte rates U+0080..U+07FF. Latin-1 symbols are safe; Latin letters
// are the usual victims but their damaged forms are short, so they need to sit
// in a word; everything else (Greek, Cyrillic, Hebrew...) needs neighbours.
func classifyTwoByte(r rune) class {
	switch {
	case r >= 0xA0 && r <= 0xBF:
		return standalone
	case r >= 0xC0 && r <= 0x17F && unicode.IsLetter(r):
		return wordLetter
	default:
		return needsCompany
	}
}

func isASCIILetter(b byte) bool {
	return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')
}
