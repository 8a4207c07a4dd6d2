package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// materialSeparator is the separator of Material for MkDocs' own site.
const materialSeparator = `[\s\u200b\-_,:!=\[\]()"` + "`" + `/]+|\.(?!\d)|&[lg]t;|(?!\b)(?=[A-Z][a-z])`

func termsWith(t *testing.T, a Analysis, text string) []string {
	t.Helper()
	got, err := AnalyzeWith(a, text)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, tm := range got {
		out = append(out, tm.Text)
	}
	return out
}

func TestSeparatorAddsWordBoundaries(t *testing.T) {
	camel := Analysis{Separator: `(?!\b)(?=[A-Z][a-z])`}
	cases := []struct {
		a    Analysis
		in   string
		want []string
	}{
		{Analysis{}, "searchHighlight PascalCase", []string{"searchhighlight", "pascalcas"}},
		{camel, "searchHighlight PascalCase", []string{"search", "highlight", "pascal", "cas"}},
		// A lookahead's empty match splits; a word without a case change stays.
		{camel, "HTTPServer iOS", []string{"http", "server", "ios"}},
		{Analysis{Separator: materialSeparator}, "the searchHighlight, v9.0.0 &lt;script&gt;", []string{"the", "search", "highlight", "v9", "0", "0", "script"}},
		// A separator cannot join what handbook's own rule splits.
		{Analysis{Separator: `\s+`}, "snake_case dot.separated", []string{"snak", "cas", "dot", "separat"}},
		// A separator matching letters removes them.
		{Analysis{Separator: `x`}, "boxes", []string{"bo", "es"}},
	}
	for _, c := range cases {
		if got := termsWith(t, c.a, c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("separator %q: %q → %q, want %q", c.a.Separator, c.in, got, c.want)
		}
	}
}

func TestSeparatorSpansAreTheWords(t *testing.T) {
	text := "Use searchHighlight (see camelCase)."
	got, err := AnalyzeWith(Analysis{Separator: `(?!\b)(?=[A-Z][a-z])`}, text)
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for _, tm := range got {
		words = append(words, text[tm.Start:tm.End])
	}
	if want := []string{"Use", "search", "Highlight", "see", "camel", "Case"}; !reflect.DeepEqual(words, want) {
		t.Errorf("words %q, want %q", words, want)
	}
}

func TestInvalidSeparator(t *testing.T) {
	for _, p := range []string{`[`, `(?=`, `a{2,1}`, `\`} {
		if _, err := CompileSeparator(p); err == nil {
			t.Errorf("separator %q compiled", p)
		}
		if _, err := Build([]Doc{{URL: "a/", Page: "A", Text: "x"}}, Options{Analysis: Analysis{Separator: p}}); err == nil {
			t.Errorf("Build with separator %q: no error", p)
		}
	}
}

func TestLangDecidesEnglishStemming(t *testing.T) {
	const text = "The policies running quickly"
	cases := []struct {
		lang []string
		want []string
	}{
		{nil, []string{"the", "policy", "run", "quick"}},
		{[]string{"en"}, []string{"the", "policy", "run", "quick"}},
		{[]string{"de", "en"}, []string{"the", "policy", "run", "quick"}},
		{[]string{"de"}, []string{"the", "policies", "running", "quickly"}},
		{[]string{"fr", "ja"}, []string{"the", "policies", "running", "quickly"}},
	}
	for _, c := range cases {
		got, err := AnalyzeWith(Analysis{Lang: c.lang}, text)
		if err != nil {
			t.Fatal(err)
		}
		var terms []string
		for _, tm := range got {
			terms = append(terms, tm.Text)
		}
		if !reflect.DeepEqual(terms, c.want) {
			t.Errorf("lang %q: %q, want %q", c.lang, terms, c.want)
		}
		// Stop words are English too: "the" is one only with English.
		if english := c.want[1] == "policy"; got[0].Stop != english {
			t.Errorf("lang %q: \"the\" stop word = %v, want %v", c.lang, got[0].Stop, english)
		}
	}
}

// The indexer's fast path must find exactly the terms the analyser finds,
// under any rules.
func TestIndexerFollowsRules(t *testing.T) {
	for _, a := range []Analysis{{Separator: materialSeparator}, {Separator: `x|[aeiou]`}, {Lang: []string{"de"}}, {Separator: materialSeparator, Lang: []string{"fr"}}} {
		rules, err := a.compile()
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range append(trickyStrings, "searchHighlight HTTPServer a_long_snake_case_identifier_of_words camelCaseIsTheWay") {
			ix := invert([]Doc{{Text: s}}, rules)
			want, got := map[string]bool{}, map[string]bool{}
			for _, tm := range rules.analyze(s) {
				want[tm.Text] = true
			}
			for term := range ix.terms {
				got[term] = true
			}
			if !reflect.DeepEqual(got, want) && len(want)+len(got) > 0 {
				t.Errorf("%+v, %q: indexed %v, analysed %v", a, s, got, want)
			}
		}
	}
}

// Strings for the separators below: case changes, version strings,
// entities, zero-width spaces, surrogate pairs, a letter the separator
// takes.
var separatorStrings = append([]string{
	"searchHighlight PascalCase HTTPServer XMLHttpRequest iOS getURL",
	"v9.0.0 1.2.3 end. Start node.js",
	"&lt;script&gt; a&amp;b x=y [link](url) `code` \"quoted\"",
	"zero\u200bwidth\u00a0nbsp\u2003em\u3000ideographic",
	"𝒜lpha 𠀀x emoji🚨Camel Çédille ÉtéÉté",
	"maxBoxes fixXes",
}, trickyStrings...)

func TestGoAndJSAnalyseAlikeUnderRules(t *testing.T) {
	type jsTerm struct {
		Term string `json:"term"`
		Stop bool   `json:"stop"`
		Word string `json:"word"`
	}
	for _, a := range []Analysis{
		{Separator: materialSeparator},
		{Separator: `[\s\-]+`},
		{Separator: `(?!\b)(?=[A-Z][a-z])`},
		{Separator: `[xX]|\.(?=[a-z])`},
		{Separator: `\s+`, Lang: []string{"de"}},
	} {
		entry := map[string]string{"separator": a.Separator, "stemmer": a.stemmer()}
		var js [][]jsTerm
		runNode(t, map[string]any{"mode": "analyze", "strings": separatorStrings, "entry": entry}, &js)
		for i, s := range separatorStrings {
			got, err := AnalyzeWith(a, s)
			if err != nil {
				t.Fatal(err)
			}
			var goTerms []jsTerm
			for _, tm := range got {
				goTerms = append(goTerms, jsTerm{tm.Text, tm.Stop, s[tm.Start:tm.End]})
			}
			if len(goTerms) == 0 && len(js[i]) == 0 {
				continue
			}
			if !reflect.DeepEqual(goTerms, js[i]) {
				t.Errorf("%+v, analysing %q:\n Go %+v\n JS %+v", a, s, goTerms, js[i])
			}
		}
	}
}

// A camelCase word is found by its parts, in the browser's engine, once the
// project's separator splits it; without one it is a single word.
func TestSeparatorMakesCamelCasePartsFindable(t *testing.T) {
	docs := []Doc{
		{URL: "options/", Page: "Options", Text: "Turn on searchHighlight to mark the words found."},
		{URL: "other/", Page: "Other", Text: "Nothing about marks here."},
	}
	queries := []jsQuery{{Q: "highlight"}, {Q: "search highlight"}, {Q: "searchHighlight"}}
	find := func(a Analysis) [][]string {
		var out [][]string
		for _, ans := range searchJSIndex(t, docs, Options{Analysis: a}, false, queries...) {
			var urls []string
			for _, r := range ans.Results {
				if len(r.Missing) == 0 {
					urls = append(urls, r.URL)
				}
			}
			out = append(out, urls)
		}
		return out
	}
	split := find(Analysis{Separator: materialSeparator})
	for i, q := range queries {
		if !reflect.DeepEqual(split[i], []string{"options/"}) {
			t.Errorf("with the separator, %q found %q, want options/", q.Q, split[i])
		}
	}
	if whole := find(Analysis{}); len(whole[0]) != 0 || !reflect.DeepEqual(whole[2], []string{"options/"}) {
		t.Errorf("without a separator, %q found %q (want nothing) and %q found %q (want options/)", queries[0].Q, whole[0], queries[2].Q, whole[2])
	}
}

// Without English, a query matches the words as written (and by prefix
// while typed), not their English stems.
func TestLangWithoutEnglishInTheBrowser(t *testing.T) {
	docs := []Doc{{URL: "a/", Page: "A", Text: "Die Richtlinien policies"}, {URL: "b/", Page: "B", Text: "eine policy"}}
	answers := searchJSIndex(t, docs, Options{Analysis: Analysis{Lang: []string{"de"}}}, false,
		jsQuery{Q: "policies "}, jsQuery{Q: "polic"}, jsQuery{Q: "richtlinie"})
	want := [][]string{{"a/"}, {"a/", "b/"}, {"a/"}}
	for i, ans := range answers {
		var urls []string
		for _, r := range ans.Results {
			if len(r.Missing) == 0 {
				urls = append(urls, r.URL)
			}
		}
		slices.Sort(urls)
		if strings.Join(urls, " ") != strings.Join(want[i], " ") {
			t.Errorf("query %d: found %q, want %q", i, urls, want[i])
		}
	}
}

func TestRulesInEntryAndDeterministic(t *testing.T) {
	var docs []Doc
	for i := range 1500 { // enough for several workers
		docs = append(docs, Doc{URL: fmt.Sprintf("p%d/", i), Page: fmt.Sprintf("Page%dTitle", i),
			Text: fmt.Sprintf("searchHighlight item%d v1.%d.0 camelCaseWord%d running policies", i, i%7, i%13)})
	}
	a := Analysis{Separator: materialSeparator, Lang: []string{"de"}}
	first, err := Build(docs, Options{Analysis: a})
	if err != nil {
		t.Fatal(err)
	}
	var e struct{ Separator, Stemmer string }
	if err := json.Unmarshal(first[EntryPath], &e); err != nil {
		t.Fatal(err)
	}
	if e.Separator != materialSeparator || e.Stemmer != "none" {
		t.Errorf("entry separator %q stemmer %q, want the project's and none", e.Separator, e.Stemmer)
	}
	for range 2 {
		again, _ := Build(docs, Options{Analysis: a})
		if len(again) != len(first) {
			t.Fatalf("%d files, then %d", len(first), len(again))
		}
		for name, b := range first {
			if !bytes.Equal(again[name], b) {
				t.Fatalf("%s differs between two builds", name)
			}
		}
	}
	plain, _ := Build(docs, Options{})
	if bytes.Contains(plain[EntryPath], []byte("separator")) || bytes.Contains(plain[EntryPath], []byte("stemmer")) {
		t.Errorf("handbook's own rules written in the entry: %s", plain[EntryPath][:200])
	}
}

// FuzzSeparator: any separator either fails to compile or gives words whose
// spans are in order and inside the text, and the indexer agrees with the
// analyser.
func FuzzSeparator(f *testing.F) {
	f.Add(materialSeparator, "searchHighlight v9.0.0 &lt;b&gt;")
	f.Add(`(?=a)|b*`, "abba\xff\xfe cab")
	f.Add(`.`, "x🚨y")
	f.Add(`\b`, "word boundary's test")
	f.Fuzz(func(t *testing.T, pattern, text string) {
		rules, err := Analysis{Separator: pattern}.compile()
		if err != nil {
			return
		}
		prevStart := 0
		terms := rules.analyze(text)
		for _, tm := range terms {
			if tm.Start < prevStart || tm.Start >= tm.End || tm.End > len(text) || tm.Text == "" {
				t.Fatalf("bad term %+v (previous start %d) in %q", tm, prevStart, text)
			}
			prevStart = tm.Start
		}
		ix := invert([]Doc{{Text: text}}, rules)
		for _, tm := range terms {
			if _, ok := ix.terms[tm.Text]; !ok {
				t.Fatalf("%q analysed but not indexed in %q", tm.Text, text)
			}
		}
		if len(ix.terms) > len(terms) {
			t.Fatalf("indexed %d terms, analysed %d, in %q", len(ix.terms), len(terms), text)
		}
	})
}

// BenchmarkInvertSeparator measures the indexer's analysis of 1,000
// synthetic pages with handbook's rule alone and with Material's separator,
// in CPU time (the machine may be shared).
func BenchmarkInvertSeparator(b *testing.B) {
	docs := corpusDocs(b, 1000)
	for _, c := range []struct {
		name string
		a    Analysis
	}{{"handbook", Analysis{}}, {"material", Analysis{Separator: materialSeparator}}} {
		b.Run(c.name, func(b *testing.B) {
			rules, err := c.a.compile()
			if err != nil {
				b.Fatal(err)
			}
			cpuStart := cpuTime()
			for b.Loop() {
				invert(docs, rules)
			}
			b.ReportMetric(float64((cpuTime()-cpuStart).Milliseconds())/float64(b.N), "cpu-ms/op")
		})
	}
}
