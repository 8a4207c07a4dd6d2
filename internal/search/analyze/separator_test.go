package analyze

import (
	"math/rand"
	"slices"
	"strings"
	"testing"

	"handbook/internal/search/analyze/analyzetest"
)

// Separators the splitter takes: Material's (its own site's and its
// documented default), and others of the same shapes.
var splitterSeparators = []string{
	materialSeparator,
	`[\s\-,:!=\[\]()"/]+|(?!\b)(?=[A-Z][a-z])|\.(?!\d)|&[lg]t;`,
	`[\s\-]+`,
	`\s+`,
	`[xX]|\.(?=[a-z])`,
	`(?!\b)(?=[A-Z][a-z])`,
	`(?=[A-Z])`,
	`[^a-z]+`,
	`\.(?!\d)|-|\u00e9`,
	`&[lg]t;|[\s]+|(?=\d)`,
	`(?!\b)(?=\d[a-z])|[_\W]+`,
	`(?=[A-Z])|[A-Z]+`,
	`a|(?=a)|b+`,
}

// Separators it leaves to regexp2.
var regexpSeparators = []string{`(?=a)|b*`, `.`, `\b`, `a{2}`, `(a|b)+`, `[[a]]`, `x*`, `[]`, `a?b`, `(?<=a)b`, `\1`, `\p{L}+`, `(?i)a`, `^a`, `a$`, `[a`, `(?!\b)`, `a(?=b)c`}

// regexpMatches is what the splitter must find: regexp2's matches.
func regexpMatches(t testing.TB, pattern, text string) [][2]int {
	re, err := CompileSeparator(pattern)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := re.FindAllStringIndex(text, -1)
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]int
	for _, m := range ms {
		out = append(out, [2]int{m[0], m[1]})
	}
	return out
}

func splitterMatches(s *splitter, text string) [][2]int {
	var out [][2]int
	s.matches(text, func(lo, hi int) { out = append(out, [2]int{lo, hi}) })
	return out
}

// pieces make up the random strings: every class and lookahead of the
// separators above meets them, in every order.
var pieces = strings.Fields("a Z Ab aB zY 0 9 _ . .5 .x &lt; &gt; &amp; & l g t ; - , : ! = [ ] ( ) \" ` / x X é É ß 日 ́ 🚨 𝒜 \u200b \u00a0 \u2003 \ufeff ab AB Aa 1a ' ’ n't")

func randomString(r *rand.Rand) string {
	var b strings.Builder
	for range r.Intn(24) {
		switch r.Intn(8) {
		case 0:
			b.WriteByte(" \t\n"[r.Intn(3)])
		default:
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
	}
	return b.String()
}

func TestSplitterFindsWhatRegexp2Finds(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	texts := slices.Concat(analyzetest.SeparatorStrings, analyzetest.TrickyStrings)
	for range 3000 {
		texts = append(texts, randomString(r))
	}
	for _, p := range splitterSeparators {
		s := newSplitter(p)
		if s == nil {
			t.Errorf("%q: no splitter", p)
			continue
		}
		for _, text := range texts {
			if got, want := splitterMatches(s, text), regexpMatches(t, p, text); !slices.Equal(got, want) {
				t.Fatalf("%q on %q: splitter %v, regexp2 %v", p, text, got, want)
			}
		}
	}
}

func TestOtherSeparatorsRunOnRegexp2(t *testing.T) {
	for _, p := range regexpSeparators {
		if newSplitter(p) != nil {
			t.Errorf("%q: a splitter, want regexp2", p)
		}
	}
}

// With or without the splitter, the analyser finds the same words (text
// that is not valid UTF-8 goes to regexp2).
func TestRulesSplitAsRegexp2Does(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	texts := append(slices.Clone(analyzetest.SeparatorStrings), "bad\xffUTF8 \xc3(Camel", "")
	for range 500 {
		texts = append(texts, randomString(r))
	}
	for _, p := range splitterSeparators {
		fast := mustCompile(t, Config{Separator: p})
		slow := *fast
		slow.split = nil
		for _, text := range texts {
			if got, want := fast.Terms(text), slow.Terms(text); !slices.Equal(got, want) {
				t.Fatalf("%q on %q: %v with the splitter, %v without", p, text, got, want)
			}
		}
	}
}

// Leaving the matches of characters outside words to handbook's own rule
// finds the same terms, at the same places, as cutting the text at every
// match, with any separator (splitter or regexp2) and the lexicon's fast
// path.
func TestMatchesOutsideWordsNeedNoCut(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	texts := slices.Concat(analyzetest.SeparatorStrings, analyzetest.TrickyStrings,
		[]string{"don't stop - don' t 'quote' it'", "a'-b a' b a '' b", "x.y-z x . y", "searchHighlight v9.0.0 &lt;b&gt;"})
	for range 2000 {
		texts = append(texts, randomString(r))
	}
	for _, p := range slices.Concat(splitterSeparators, regexpSeparators, []string{`[\s']+`, `'`, `\s`}) {
		skip, err := Config{Separator: p}.Compile()
		if err != nil {
			continue
		}
		every := *skip
		every.cutAtEveryMatch = true
		for _, text := range texts {
			checkCuts(t, skip, &every, text)
		}
		checkCuts(t, skip, &every, strings.Join(texts, " "))
	}
}

// checkCuts fails unless skip and every find the same terms in text, and
// the same words through the lexicon.
func checkCuts(t *testing.T, skip, every *Rules, text string) {
	t.Helper()
	if got, want := skip.Terms(text), every.Terms(text); !slices.Equal(got, want) {
		t.Fatalf("%q on %q: %v leaving plain matches to the own rule, %v cutting at every match", skip.sep, text, got, want)
	}
	ls, le := NewLexicon(skip), NewLexicon(every)
	var got, want []string
	for _, w := range ls.AppendWords(nil, text) {
		got = append(got, ls.Word(w))
	}
	for _, w := range le.AppendWords(nil, text) {
		want = append(want, le.Word(w))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("%q on %q: the lexicon finds %q leaving plain matches, %q cutting at every match", skip.sep, text, got, want)
	}
}

func FuzzSplitter(f *testing.F) {
	for i, s := range analyzetest.SeparatorStrings {
		f.Add(uint8(i), s)
	}
	f.Fuzz(func(t *testing.T, which uint8, text string) {
		p := splitterSeparators[int(which)%len(splitterSeparators)]
		s := newSplitter(p)
		if !s.usable(text) {
			return
		}
		if got, want := splitterMatches(s, text), regexpMatches(t, p, text); !slices.Equal(got, want) {
			t.Fatalf("%q on %q: splitter %v, regexp2 %v", p, text, got, want)
		}
	})
}
