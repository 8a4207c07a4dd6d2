package analyze

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"handbook/internal/search/analyze/analyzetest"
)

// checkLexicon fails unless a lexicon reading text finds, word by word, the
// terms r.Terms finds.
func checkLexicon(t *testing.T, r *Rules, text string) {
	t.Helper()
	var want, got []string
	for _, tm := range r.Terms(text) {
		want = append(want, tm.Text)
	}
	l := NewLexicon(r)
	for _, w := range l.AppendWords(nil, text) {
		got = append(got, l.TermText(l.Term(w)))
		if r.stem(l.Word(w)) != got[len(got)-1] {
			t.Fatalf("%q: word %q has the term %q", text, l.Word(w), got[len(got)-1])
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%q: the lexicon finds %q, Terms %q", text, got, want)
	}
}

// The indexer's fast path must find exactly the terms the analyser finds,
// under any rules.
func TestLexiconFindsTheTermsOfTerms(t *testing.T) {
	texts := append(analyzetest.TrickyStrings, "searchHighlight HTTPServer a_long_snake_case_identifier_of_words camelCaseIsTheWay")
	for _, c := range []Config{{}, {Separator: materialSeparator}, {Separator: `x|[aeiou]`}, {Lang: []string{"de"}}, {Separator: materialSeparator, Lang: []string{"fr"}}} {
		r := mustCompile(t, c)
		for _, s := range texts {
			checkLexicon(t, r, s)
		}
		// All at once: words already seen take the lookup paths.
		checkLexicon(t, r, strings.Join(texts, " ")+" "+strings.Join(texts, "\n"))
	}
}

// Whichever path a word takes (short key, near the end of the text, long
// word, non-ASCII), the lexicon finds what the analyser finds.
func TestLexiconFindsTheTermsOnEveryPath(t *testing.T) {
	var b strings.Builder
	for n := 1; n <= 20; n++ {
		b.WriteString(strings.Repeat("q", n) + " Policies POLICY policy ")
	}
	b.WriteString("résumé don't a-very-long-hyphenated-identifier-word x")
	text := b.String()
	for end := len(text) - 40; end <= len(text); end++ {
		checkLexicon(t, defaultRules, text[:end])
	}
	l := NewLexicon(nil)
	l.AppendWords(nil, text)
	if id := l.Add("policies", "policy"); l.Word(id) != "policies" || l.TermText(l.Term(id)) != "policy" {
		t.Errorf("Add of a known word gives %q of %q", l.Word(id), l.TermText(l.Term(id)))
	}
	if id := l.Add("zzz", "zz"); l.Word(id) != "zzz" || l.TermText(l.Term(id)) != "zz" {
		t.Errorf("Add of a new word gives %q of %q", l.Word(id), l.TermText(l.Term(id)))
	}
}

// The word table must tell apart words of every length, including those
// near the end of the text, where their bytes are packed one by one.
func TestShortWordKeysAreDistinct(t *testing.T) {
	var tab wordTable
	words := map[wordKey]string{}
	ids := map[wordKey]int32{}
	text := ""
	for n := 1; n <= maxShortWord; n++ {
		for _, c := range "abcXYZ09" {
			text += strings.Repeat(string(c), n) + " "
		}
	}
	for _, end := range []string{"", "tail"} {
		full := text + end
		for i := 0; i < len(full); {
			j := i
			for j < len(full) && full[j] != ' ' {
				j++
			}
			key := shortWordKey(full, i, j)
			if key != slowWordKey(full[i:j]) {
				t.Fatalf("%q: fast key %v, slow key %v", full[i:j], key, slowWordKey(full[i:j]))
			}
			if prev, ok := words[key]; ok && prev != full[i:j] {
				t.Fatalf("%q and %q share a key", prev, full[i:j])
			}
			if _, ok := tab.get(key); !ok {
				ids[key] = int32(len(ids))
				tab.put(key, ids[key])
			}
			words[key] = full[i:j]
			i = j + 1
		}
	}
	for key, word := range words {
		if id, ok := tab.get(key); !ok || id != ids[key] {
			t.Fatalf("%q: table gives %d, %v; want %d", word, id, ok, ids[key])
		}
	}
	if tab.used != len(words) {
		t.Fatalf("table holds %d words, want %d", tab.used, len(words))
	}
}

func TestASCIIWordBytesClassifiesEveryByte(t *testing.T) {
	for c := range 128 {
		for at := range 8 {
			block := []byte("........")
			block[at] = byte(c)
			got := asciiWordBytes(load64(string(block)))>>(8*at+7)&1 == 1
			if want := asciiWord[c]; got != want {
				t.Errorf("byte %#x at %d: word byte %v, want %v", c, at, got, want)
			}
		}
	}
}

// The 8-bytes-at-a-time reader must find the words, ends and keys the
// byte-by-byte path finds, and leave the other cases to it.
func TestShortASCIIWordAgreesWithTheByteScan(t *testing.T) {
	tails := []string{" rest of the text", "'s rest of text", "é rest of text", "\x00 rest of text.", "-rest of the text"}
	for n := 1; n <= 18; n++ {
		for _, tail := range tails {
			for _, word := range []string{strings.Repeat("a", n), strings.Repeat("Z9", n)[:n]} {
				text := word + tail + strings.Repeat(" ", 16)
				key, end, ok := shortASCIIWord(text, 0)
				wantOK := n < 16 && tail[0] < 0x80 && tail[0] != '\''
				if ok != wantOK {
					t.Fatalf("%q: ok %v, want %v", text, ok, wantOK)
				}
				if ok && (end != n || key != slowWordKey(word)) {
					t.Fatalf("%q: end %d key %v, want %d %v", text, end, key, n, slowWordKey(word))
				}
			}
		}
	}
	if _, _, ok := shortASCIIWord("éabcdefghijklmnopq", 0); ok {
		t.Fatal("a non-ASCII start read as an ASCII word")
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range analyzetest.TrickyStrings {
		f.Add(s)
	}
	f.Add("\xff\xfe don't '' ’’ a'b'c")
	f.Fuzz(func(t *testing.T, text string) {
		prevStart := 0
		for _, tm := range Text(text) {
			if tm.Start < prevStart || tm.Start >= tm.End || tm.End > len(text) {
				t.Fatalf("bad span %d..%d (previous start %d) in %q", tm.Start, tm.End, prevStart, text)
			}
			if !utf8.RuneStart(text[tm.Start]) || tm.Text == "" {
				t.Fatalf("bad term %+v in %q", tm, text)
			}
			prevStart = tm.Start
		}
		checkLexicon(t, defaultRules, text)
		Stem(text)
		Fold(text)
	})
}

// FuzzSeparator: any separator either fails to compile or gives words whose
// spans are in order and inside the text, the lexicon agrees with the
// analyser, and a separator the splitter takes splits as regexp2 does.
func FuzzSeparator(f *testing.F) {
	f.Add(materialSeparator, "searchHighlight v9.0.0 &lt;b&gt;")
	f.Add(`(?=a)|b*`, "abba\xff\xfe cab")
	f.Add(`.`, "x🚨y")
	f.Add(`\b`, "word boundary's test")
	for _, p := range splitterSeparators {
		f.Add(p, "searchHighlight v9.0.0 &lt;b&gt; x.y-z")
	}
	f.Fuzz(func(t *testing.T, pattern, text string) {
		rules, err := Config{Separator: pattern}.Compile()
		if err != nil {
			return
		}
		prevStart := 0
		for _, tm := range rules.Terms(text) {
			if tm.Start < prevStart || tm.Start >= tm.End || tm.End > len(text) || tm.Text == "" {
				t.Fatalf("bad term %+v (previous start %d) in %q", tm, prevStart, text)
			}
			prevStart = tm.Start
		}
		checkLexicon(t, rules, text)
		every := *rules
		every.cutAtEveryMatch = true
		checkCuts(t, rules, &every, text)
		if rules.split != nil && rules.split.usable(text) {
			if got, want := splitterMatches(rules.split, text), regexpMatches(t, pattern, text); !slices.Equal(got, want) {
				t.Fatalf("%q on %q: splitter %v, regexp2 %v", pattern, text, got, want)
			}
		}
	})
}
