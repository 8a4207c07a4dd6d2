package analyze

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/dlclark/regexp2/v2"
)

// A separator is a regular expression with lookaheads, so it runs on
// regexp2, which tries it at every position of the text: with Material's
// separator that made indexing some twenty times dearer. The separators
// projects use are alternatives of a few shapes, which splitter finds
// without regexp2, with the same result (tested against regexp2 on many
// strings):
//
//   - a run of characters of a class, as `[\s\-,:!=\[\]()"/]+`;
//   - a fixed sequence of characters, optionally followed by a lookahead
//     of one character, as `&[lg]t;` or `\.(?!\d)`;
//   - an empty match followed by a fixed sequence, optionally not at a
//     word boundary, as `(?!\b)(?=[A-Z][a-z])` (a case change).
//
// Each character of these shapes (a class, an escape or a literal) is an
// atom whose membership regexp2 itself decides, once per character. A
// separator of any other shape runs on regexp2.

// splitter finds a separator's matches without regexp2.
type splitter struct {
	alts []alternative
	// starts marks the bytes a match can start with: an ASCII character
	// some alternative's first atom holds, or any byte that starts a
	// longer character. Continuation bytes are never marked, so a search
	// skipping unmarked bytes stops only at a character's start.
	starts [256]bool
}

// alternative is one alternative of the separator.
type alternative struct {
	run      *atom   // a run of one or more (the alternative is atom+)
	seq      []*atom // else a sequence, one character each
	empty    bool    // the sequence is a lookahead: the match is empty
	inWord   bool    // (?!\b) before it: not at a word boundary
	ahead    *atom   // one character after the sequence, (?=…) or (?!…)
	aheadNot bool
}

// atom is a set of characters, as regexp2 reads one atom of a pattern.
type atom struct {
	re     *regexp2.Regexp
	latin1 [256]bool // membership of U+0000–U+00FF, decided when compiled
	more   sync.Map  // rune → bool, decided on first sight
}

func (a *atom) has(r rune) bool {
	if r < 256 {
		return a.latin1[r]
	}
	if v, ok := a.more.Load(r); ok {
		return v.(bool)
	}
	v := a.matches(r)
	a.more.Store(r, v)
	return v
}

func (a *atom) matches(r rune) bool {
	s := string(r)
	m, err := a.re.FindAllStringIndex(s, 1)
	return err == nil && len(m) == 1 && m[0][0] == 0 && m[0][1] == len(s)
}

// newSplitter returns the splitter of a separator of the shapes above, or
// nil.
func newSplitter(pattern string) *splitter {
	atoms := map[string]*atom{}
	var s splitter
	for _, src := range splitAlternatives(pattern) {
		alt, ok := parseAlternative(src, atoms)
		if !ok {
			return nil
		}
		s.alts = append(s.alts, alt)
	}
	if len(s.alts) == 0 {
		return nil
	}
	for _, alt := range s.alts {
		first := alt.run
		if first == nil {
			first = alt.seq[0]
		}
		for c := range utf8.RuneSelf {
			s.starts[c] = s.starts[c] || first.latin1[c]
		}
	}
	for c := 0xc0; c < 256; c++ {
		s.starts[c] = true
	}
	return &s
}

// splitAlternatives cuts a pattern at its top-level bars ("" when a group
// or class is left open).
func splitAlternatives(p string) []string {
	var out []string
	depth, class, start := 0, false, 0
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '\\':
			i++
		case class:
			class = c != ']'
		case c == '[':
			class = true
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == '|' && depth == 0:
			out = append(out, p[start:i])
			start = i + 1
		}
	}
	if depth != 0 || class {
		return nil
	}
	return append(out, p[start:])
}

// parseAlternative reads one alternative of the shapes splitter knows.
func parseAlternative(src string, atoms map[string]*atom) (alternative, bool) {
	var alt alternative
	if rest, ok := strings.CutPrefix(src, `(?!\b)`); ok {
		alt.inWord, src = true, rest
		if !strings.HasPrefix(src, "(?=") {
			return alt, false
		}
	}
	if inner, ok := strings.CutPrefix(src, "(?="); ok && strings.HasSuffix(inner, ")") {
		alt.empty = true
		seq, rest, ok := parseAtoms(inner[:len(inner)-1], atoms)
		alt.seq = seq
		return alt, ok && rest == "" && len(seq) > 0
	}
	seq, rest, ok := parseAtoms(src, atoms)
	if !ok || len(seq) == 0 {
		return alt, false
	}
	if rest == "+" && len(seq) == 1 {
		alt.run = seq[0]
		return alt, true
	}
	alt.seq = seq
	for _, look := range []string{"(?=", "(?!"} {
		if inner, ok := strings.CutPrefix(rest, look); ok && strings.HasSuffix(inner, ")") {
			ahead, tail, ok := parseAtoms(inner[:len(inner)-1], atoms)
			if !ok || tail != "" || len(ahead) != 1 {
				return alt, false
			}
			alt.ahead, alt.aheadNot, rest = ahead[0], look == "(?!", ""
		}
	}
	return alt, rest == ""
}

// parseAtoms reads atoms from the start of src, up to the first thing that
// is not one, and returns what is left.
func parseAtoms(src string, atoms map[string]*atom) ([]*atom, string, bool) {
	var seq []*atom
	for src != "" {
		n := atomLength(src)
		if n == 0 {
			break
		}
		a, ok := atoms[src[:n]]
		if !ok {
			a = compileAtom(src[:n])
			if a == nil {
				return nil, "", false
			}
			atoms[src[:n]] = a
		}
		seq = append(seq, a)
		src = src[n:]
	}
	return seq, src, true
}

// atomLength is the length of the atom src starts with: a class, an escape
// of one character (a class such as \s, \d or \w, a control or code
// escape, or punctuation) or a literal character; 0 for anything else.
func atomLength(src string) int {
	switch c := src[0]; {
	case c == '[':
		for i := 1; i < len(src); i++ {
			switch src[i] {
			case '\\':
				i++
			case '[':
				return 0 // (sets of sets are not atoms)
			case ']':
				if i > 1 {
					return i + 1
				}
				return 0 // [] or [^] are not plain classes
			}
		}
		return 0
	case c == '\\':
		if len(src) < 2 {
			return 0
		}
		switch e := src[1]; {
		case strings.IndexByte("sSdDwWtnrfv", e) >= 0:
			return 2
		case e == 'u' && len(src) >= 6 && isHex(src[2:6]):
			return 6
		case e == 'x' && len(src) >= 4 && isHex(src[2:4]):
			return 4
		case e < utf8.RuneSelf && !('a' <= e && e <= 'z' || 'A' <= e && e <= 'Z' || '0' <= e && e <= '9'):
			return 2
		}
		return 0
	case strings.IndexByte(`.^$|?*+(){}]`, c) >= 0:
		return 0
	}
	_, n := utf8.DecodeRuneInString(src)
	return n
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; !('0' <= s[i] && s[i] <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// compileAtom compiles one atom, deciding its membership for U+0000–U+00FF.
func compileAtom(src string) *atom {
	re, err := regexp2.Compile(src, regexp2.ECMAScript)
	if err != nil {
		return nil
	}
	a := &atom{re: re}
	for r := range rune(256) {
		a.latin1[r] = a.matches(r)
	}
	return a
}

// usable reports whether the splitter may split text: valid UTF-8, on
// which its byte offsets are regexp2's.
func (s *splitter) usable(text string) bool { return utf8.ValidString(text) }

// matches calls fn with the bounds of each match in text, in order, as
// regexp2's FindAllStringIndex finds them: after an empty match the search
// goes on one character further, and an empty match where the last one
// ended is left out.
func (s *splitter) matches(text string, fn func(lo, hi int)) {
	at, prevEnd, prevEmpty := 0, -1, false
	for {
		if prevEmpty {
			if at == len(text) {
				return
			}
			_, n := utf8.DecodeRuneInString(text[at:])
			at += n
		}
		lo, hi, ok := s.find(text, at)
		if !ok {
			return
		}
		if hi > lo || lo != prevEnd {
			fn(lo, hi)
			prevEnd = hi
		}
		at, prevEmpty = hi, hi == lo
	}
}

// find returns the first match at or after at. (No alternative matches
// at the end of the text: each needs a character.)
func (s *splitter) find(text string, at int) (int, int, bool) {
	for p := at; p < len(text); p++ {
		if !s.starts[text[p]] {
			continue
		}
		for i := range s.alts {
			if end, ok := s.alts[i].matchAt(text, p); ok {
				return p, end, true
			}
		}
	}
	return 0, 0, false
}

// matchAt reports whether the alternative matches at p, and where it ends.
func (a *alternative) matchAt(text string, p int) (int, bool) {
	if a.run != nil {
		end := p
		for end < len(text) {
			if c := text[end]; c < utf8.RuneSelf {
				if !a.run.latin1[c] {
					break
				}
				end++
				continue
			}
			r, n := utf8.DecodeRuneInString(text[end:])
			if !a.run.has(r) {
				break
			}
			end += n
		}
		return end, end > p
	}
	if a.inWord && wordBoundary(text, p) {
		return 0, false
	}
	end := p
	for _, at := range a.seq {
		if end == len(text) {
			return 0, false
		}
		r, n := utf8.DecodeRuneInString(text[end:])
		if !at.has(r) {
			return 0, false
		}
		end += n
	}
	if a.ahead != nil {
		next := end < len(text)
		if next {
			r, _ := utf8.DecodeRuneInString(text[end:])
			next = a.ahead.has(r)
		}
		if next == a.aheadNot {
			return 0, false
		}
	}
	if a.empty {
		return p, true
	}
	return end, true
}

// wordBoundary is regexp2's \b in ECMAScript mode: a word character
// ([A-Za-z0-9_]) on one side of p and not on the other.
func wordBoundary(text string, p int) bool {
	before := p > 0 && ecmaWordByte(text[p-1])
	after := p < len(text) && ecmaWordByte(text[p])
	return before != after
}

// ecmaWordByte tells an ASCII word character; the bytes of other
// characters are never ASCII.
func ecmaWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}
