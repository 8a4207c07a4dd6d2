// Package analyze turns text into search terms, as the index is built
// and as the browser's engine (theme/assets/js/search/10-analyze.js)
// analyses a query: words found, folded, split and stemmed by the same
// steps on both sides. Lexicon is the indexer's fast path through them.
package analyze

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

// The analyser turns text into index terms. theme/assets/js/search/
// 10-analyze.js implements exactly the same steps at query time
// (TestGoAndJSAnalyseAlike, in internal/search, keeps them in step):
//
//  1. A word is a run of letters, numbers and combining marks; an apostrophe
//     (' or ’) between two such characters stays inside the word.
//  2. The word is folded: NFKD, nonspacing marks removed (résumé → resume),
//     lower-cased, apostrophes dropped (don't → dont).
//  3. The folded word is split again on anything that is not a letter or a
//     number (NFKD can produce separators, e.g. ½ → 1⁄2).
//  4. Each piece is stemmed by a light English stemmer (stem).
//
// A project's search separator splits the text into stretches before step
// 1, and its lang can turn step 4 and the stop words off (config.go).

// Term is one analysed word: its stemmed form, whether it is a stop word, and
// the byte span of the word it came from in the original text.
type Term struct {
	Text       string
	Stop       bool
	Start, End int
}

// Text returns the terms of text in order, by handbook's own rules.
func Text(text string) []Term {
	return defaultRules.Terms(text)
}

// Fold lower-cases s and removes diacritics and compatibility forms, as the
// analyser does to every word.
func Fold(s string) string {
	if isLowerASCII(s) {
		return s
	}
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || ('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' }

func isTermRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }

// analyzer finds words; it keeps a scratch buffer between words so the
// common ASCII path allocates nothing.
type analyzer struct {
	buf []byte
}

// words calls fn with every folded word of text (apostrophes already dropped)
// and the word's byte span. The folded string is only valid during the call.
func (a *analyzer) words(text string, fn func(folded string, start, end int)) {
	i := 0
	for i < len(text) {
		if !startsWord(text, i) {
			_, size := decodeRune(text, i)
			i += size
			continue
		}
		start := i
		end, ascii := wordEnd(text, i)
		i = end
		fn(a.fold(text[start:end], ascii), start, end)
	}
}

// asciiWord marks the ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

func startsWord(text string, i int) bool {
	if c := text[i]; c < utf8.RuneSelf {
		return asciiWord[c]
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return isWordRune(r)
}

// wordEnd returns where the word starting at i ends and whether it is plain ASCII.
func wordEnd(text string, i int) (int, bool) {
	ascii := true
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf && asciiWord[c] {
			i++
			continue
		}
		r, size := decodeRune(text, i)
		switch {
		case isWordRune(r):
			ascii = false
		case isApostrophe(r) && i+size < len(text) && startsWord(text, i+size):
			ascii = ascii && r < utf8.RuneSelf
		default:
			return i, ascii
		}
		i += size
	}
	return i, ascii
}

func decodeRune(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

func (a *analyzer) fold(word string, ascii bool) string {
	a.buf = a.buf[:0]
	if ascii {
		for i := 0; i < len(word); i++ {
			c := word[i]
			switch {
			case c == '\'':
				continue
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			}
			a.buf = append(a.buf, c)
		}
		return unsafeString(a.buf)
	}
	for _, r := range Fold(word) {
		if isApostrophe(r) {
			continue
		}
		a.buf = utf8.AppendRune(a.buf, r)
	}
	return unsafeString(a.buf)
}

// forEachPiece splits a folded word on anything that is not a letter or number.
func forEachPiece(folded string, fn func(string)) {
	start := -1
	for i, r := range folded {
		if isTermRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			fn(folded[start:i])
			start = -1
		}
	}
	if start >= 0 {
		fn(folded[start:])
	}
}

// stopWords never block a match: queries drop them unless nothing else is left.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a about above after again all am an and any are as at be
		because been before being below between both but by can could did do does doing down
		during each few for from further had has have having he her here hers him his how i if
		in into is it its itself just me more most my no nor not of off on once only or other
		our ours out over own same she should so some such than that the their theirs them then
		there these they this those through to too under until up very was we were what when
		where which while who whom why will with would you your yours`) {
		stopWords[w] = true
	}
}

func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
