package analyze

import (
	"strings"
	"unicode/utf8"
)

// Lexicon numbers the words of the texts it reads, for the indexer: each
// folded word (one of Text's pieces, before stemming) gets an id on its
// first sight, and each word the id of its term (its stemmed form). Every
// word is looked up once per occurrence, so this is the hottest path of an
// index build: plain ASCII words (nearly all of them) are looked up as
// written, before folding, in a table keyed by their bytes (wordtable.go).
// A Lexicon finds exactly the terms Rules.Terms finds (tested).
type Lexicon struct {
	rules    *Rules
	an       analyzer
	short    wordTable        // ASCII word of up to 16 bytes as written → word id
	raw      map[string]int32 // longer ASCII word as written → word id
	ids      map[string]int32 // folded word → word id
	wordTerm []int32          // word id → term id
	words    []string         // word id → the folded word
	termIDs  map[string]int32 // term → term id
	terms    []string         // term id → term
}

// NewLexicon returns an empty lexicon analysing by r (handbook's own rules
// when r is nil).
func NewLexicon(r *Rules) *Lexicon {
	if r == nil {
		r = defaultRules
	}
	return &Lexicon{rules: r, raw: map[string]int32{}, ids: map[string]int32{}, termIDs: map[string]int32{}}
}

// Term is the term id of word id w.
func (l *Lexicon) Term(w int32) int32 { return l.wordTerm[w] }

// Word is the folded word of word id w.
func (l *Lexicon) Word(w int32) string { return l.words[w] }

// TermText is the term of term id t.
func (l *Lexicon) TermText(t int32) string { return l.terms[t] }

// Words is the number of words seen: word ids run from 0 to Words()-1.
func (l *Lexicon) Words() int { return len(l.words) }

// Terms is the number of terms seen: term ids run from 0 to Terms()-1.
func (l *Lexicon) Terms() int { return len(l.terms) }

// Add returns the id of a folded word of term, adding both when new.
func (l *Lexicon) Add(word, term string) int32 {
	if id, ok := l.ids[word]; ok {
		return id
	}
	return l.add(word, l.termID(term))
}

// AppendWords appends the word ids of text's words to ids, in order.
func (l *Lexicon) AppendWords(ids []int32, text string) []int32 {
	if l.rules.sep == nil {
		return l.appendWords(ids, text)
	}
	l.rules.stretches(text, func(lo, hi int) { ids = l.appendWords(ids, text[lo:hi]) })
	return ids
}

// appendWords appends the word ids of one stretch of text. Plain ASCII
// words take a fast path that looks the word up as written, before
// folding; the rest go through the full analyser.
func (l *Lexicon) appendWords(ids []int32, text string) []int32 {
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf && !asciiWord[c] {
			i++
			continue
		}
		if i+maxShortWord <= len(text) {
			if key, end, ok := shortASCIIWord(text, i); ok {
				ids = append(ids, l.shortWordID(key, text[i:end]))
				i = end + 1 // text[end] is an ASCII separator
				continue
			}
		}
		j := i
		for j < len(text) && text[j] < utf8.RuneSelf && asciiWord[text[j]] {
			j++
		}
		if j > i && (j == len(text) || text[j] < utf8.RuneSelf && text[j] != '\'') {
			ids = append(ids, l.rawWordID(text, i, j))
			i = j
			continue
		}
		if !startsWord(text, i) {
			_, size := decodeRune(text, i)
			i += size
			continue
		}
		end, ascii := wordEnd(text, i)
		forEachPiece(l.an.fold(text[i:end], ascii), func(piece string) {
			ids = append(ids, l.wordID(piece))
		})
		i = end
	}
	return ids
}

// rawWordID is wordID for the unfolded ASCII word text[i:j].
func (l *Lexicon) rawWordID(text string, i, j int) int32 {
	if j-i <= maxShortWord {
		return l.shortWordID(shortWordKey(text, i, j), text[i:j])
	}
	word := text[i:j]
	if id, ok := l.raw[word]; ok {
		return id
	}
	id := l.wordID(l.an.fold(word, true))
	l.raw[strings.Clone(word)] = id
	return id
}

// shortWordID is wordID for an unfolded ASCII word of up to 16 bytes and its key.
func (l *Lexicon) shortWordID(key wordKey, word string) int32 {
	if id, ok := l.short.get(key); ok {
		return id
	}
	id := l.wordID(l.an.fold(word, true))
	l.short.put(key, id)
	return id
}

// wordID is the id of a folded word, made on its first sight along with
// its term's.
func (l *Lexicon) wordID(folded string) int32 {
	if id, ok := l.ids[folded]; ok {
		return id
	}
	word := strings.Clone(folded)
	return l.add(word, l.termID(l.rules.stem(word)))
}

func (l *Lexicon) add(word string, term int32) int32 {
	id := int32(len(l.wordTerm))
	l.wordTerm = append(l.wordTerm, term)
	l.words = append(l.words, word)
	l.ids[word] = id
	return id
}

// termID is the id of a term, made on its first sight.
func (l *Lexicon) termID(term string) int32 {
	id, ok := l.termIDs[term]
	if !ok {
		id = int32(len(l.terms))
		l.termIDs[term] = id
		l.terms = append(l.terms, term)
	}
	return id
}
