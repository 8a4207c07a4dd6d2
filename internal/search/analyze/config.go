package analyze

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/dlclark/regexp2/v2"
)

// Config is what a project sets of the analyser: the search plugin's
// separator and lang. The zero value is handbook's own analyser.
type Config struct {
	// Separator is a regular expression in JavaScript's syntax (lookaheads
	// included, as MkDocs' search plugin takes it). Its matches split the
	// text into stretches before handbook's own rule finds the words in
	// each, so it can only add word boundaries: "(?!\b)(?=[A-Z][a-z])"
	// makes "camelCase" the words "camel" and "Case". "" adds none.
	Separator string
	// Lang are the languages of the site's text. English stemming and stop
	// words apply only when it is empty or holds "en"; otherwise words are
	// matched as written (folded, and by prefix while typed).
	Lang []string
}

// CompileSeparator compiles a separator as the index and the browser use
// it: JavaScript's regular expression syntax and meaning (regexp2's
// ECMAScript mode; Go's regexp has no lookahead).
func CompileSeparator(pattern string) (*regexp2.Regexp, error) {
	re, err := regexp2.Compile(pattern, regexp2.ECMAScript)
	if err != nil {
		return nil, fmt.Errorf("separator %q is not a valid regular expression: %w", pattern, err)
	}
	return re, nil
}

// Equal reports whether c and d analyse text alike.
func (c Config) Equal(d Config) bool {
	return c.Separator == d.Separator && slices.Equal(c.Lang, d.Lang)
}

// english reports whether English stemming and stop words apply.
func (c Config) english() bool {
	return len(c.Lang) == 0 || slices.Contains(c.Lang, "en")
}

// Stemmer names the stemmer as the index's entry file tells the browser:
// "" (English) or "none".
func (c Config) Stemmer() string {
	if c.english() {
		return ""
	}
	return "none"
}

// Rules is a Config compiled for the analyser and the indexer.
type Rules struct {
	sep     *regexp2.Regexp // nil: no separator
	split   *splitter       // the separator without regexp2, when it can (separator.go)
	english bool
	// cutAtEveryMatch makes stretches cut the text at matches that only
	// hold characters handbook's own rule never puts in a word, which it
	// otherwise leaves to that rule (tests compare the two).
	cutAtEveryMatch bool
}

// defaultRules are handbook's own: no separator, English stemming.
var defaultRules = &Rules{english: true}

// Compile compiles c; only an invalid separator fails.
func (c Config) Compile() (*Rules, error) {
	r := &Rules{english: c.english()}
	if c.Separator != "" {
		re, err := CompileSeparator(c.Separator)
		if err != nil {
			return nil, err
		}
		r.sep, r.split = re, newSplitter(c.Separator)
	}
	return r, nil
}

// stretches calls fn with the bounds of each non-empty stretch of text
// between two matches of the separator (the whole text without one). A
// match that fails (regexp2's backtracking limit) leaves the text whole.
//
// A match of characters that never belong to a word by handbook's own
// rule (ASCII but letters, digits and the apostrophe, as the spaces
// between words) does not cut the text: the words either side are the
// same whether it is cut there or not, and long stretches keep the
// analyser on its fast path (with Material's separator, which matches
// every space, the stretches were single words).
func (r *Rules) stretches(text string, fn func(lo, hi int)) {
	if r.sep == nil || text == "" {
		fn(0, len(text))
		return
	}
	at := 0
	match := func(lo, hi int) {
		if hi > lo && !r.cutAtEveryMatch && outsideWords(text[lo:hi]) {
			return
		}
		if lo > at {
			fn(at, lo)
		}
		at = max(at, hi)
	}
	if r.split != nil && r.split.usable(text) {
		r.split.matches(text, match)
	} else {
		matches, err := r.sep.FindAllStringIndex(text, -1)
		if err != nil {
			fn(0, len(text))
			return
		}
		for _, m := range matches {
			match(m[0], m[1])
		}
	}
	if at < len(text) {
		fn(at, len(text))
	}
}

// outsideWords reports whether s holds only ASCII characters other than
// letters, digits and the apostrophe: each ends a word before it and
// starts none (see wordEnd).
func outsideWords(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || asciiWord[c] || c == '\'' {
			return false
		}
	}
	return true
}

// stem is Stem when English stemming applies, else the word itself.
func (r *Rules) stem(w string) string {
	if r.english {
		return Stem(w)
	}
	return w
}

func (r *Rules) stop(w string) bool { return r.english && stopWords[w] }

// Terms returns the terms of text in order.
func (r *Rules) Terms(text string) []Term {
	var a analyzer
	var out []Term
	r.stretches(text, func(lo, hi int) {
		a.words(text[lo:hi], func(folded string, start, end int) {
			forEachPiece(folded, func(piece string) {
				out = append(out, Term{Text: strings.Clone(r.stem(piece)), Stop: r.stop(piece), Start: lo + start, End: lo + end})
			})
		})
	})
	return out
}
