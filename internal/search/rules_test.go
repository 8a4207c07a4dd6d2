package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"handbook/internal/search/analyze"
	"handbook/internal/search/invert"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// A camelCase word is found by its parts, in the browser's engine, once the
// project's separator splits it; without one it is a single word.
func TestSeparatorMakesCamelCasePartsFindable(t *testing.T) {
	docs := []Doc{
		{URL: "options/", Page: "Options", Text: "Turn on searchHighlight to mark the words found."},
		{URL: "other/", Page: "Other", Text: "Nothing about marks here."},
	}
	queries := []jsQuery{{Q: "highlight"}, {Q: "search highlight"}, {Q: "searchHighlight"}}
	find := func(a analyze.Config) [][]string {
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
	split := find(analyze.Config{Separator: materialSeparator})
	for i, q := range queries {
		if !reflect.DeepEqual(split[i], []string{"options/"}) {
			t.Errorf("with the separator, %q found %q, want options/", q.Q, split[i])
		}
	}
	if whole := find(analyze.Config{}); len(whole[0]) != 0 || !reflect.DeepEqual(whole[2], []string{"options/"}) {
		t.Errorf("without a separator, %q found %q (want nothing) and %q found %q (want options/)", queries[0].Q, whole[0], queries[2].Q, whole[2])
	}
}

// Without English, a query matches the words as written (and by prefix
// while typed), not their English stems.
func TestLangWithoutEnglishInTheBrowser(t *testing.T) {
	docs := []Doc{{URL: "a/", Page: "A", Text: "Die Richtlinien policies"}, {URL: "b/", Page: "B", Text: "eine policy"}}
	answers := searchJSIndex(t, docs, Options{Analysis: analyze.Config{Lang: []string{"de"}}}, false,
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

func TestBuildRejectsAnInvalidSeparator(t *testing.T) {
	for _, p := range []string{`[`, `(?=`, `a{2,1}`, `\`} {
		if _, err := Build([]Doc{{URL: "a/", Page: "A", Text: "x"}}, Options{Analysis: analyze.Config{Separator: p}}); err == nil {
			t.Errorf("Build with separator %q: no error", p)
		}
	}
}

func TestRulesInEntryAndDeterministic(t *testing.T) {
	var docs []Doc
	for i := range 1500 { // enough for several workers
		docs = append(docs, Doc{URL: fmt.Sprintf("p%d/", i), Page: fmt.Sprintf("Page%dTitle", i),
			Text: fmt.Sprintf("searchHighlight item%d v1.%d.0 camelCaseWord%d running policies", i, i%7, i%13)})
	}
	a := analyze.Config{Separator: materialSeparator, Lang: []string{"de"}}
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

// BenchmarkInvertSeparator measures the indexer's analysis of 1,000
// synthetic pages with handbook's rule alone and with Material's separator,
// in CPU time (the machine may be shared).
func BenchmarkInvertSeparator(b *testing.B) {
	docs := corpusDocs(b, 1000)
	for _, c := range []struct {
		name string
		a    analyze.Config
	}{{"handbook", analyze.Config{}}, {"material", analyze.Config{Separator: materialSeparator}}} {
		b.Run(c.name, func(b *testing.B) {
			rules, err := c.a.Compile()
			if err != nil {
				b.Fatal(err)
			}
			cpuStart := cpuTime()
			for b.Loop() {
				invert.Docs(docs, rules)
			}
			b.ReportMetric(float64((cpuTime()-cpuStart).Milliseconds())/float64(b.N), "cpu-ms/op")
		})
	}
}
