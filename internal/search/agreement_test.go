package search

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"handbook/internal/search/analyze"
	"handbook/internal/search/analyze/analyzetest"
)

// The browser's analyser (theme/assets/js/search/10-analyze.js) must find
// the terms Go's (internal/search/analyze) finds, on the analyser's own
// test strings and more.

// materialSeparator is the separator of Material for MkDocs' own site.
const materialSeparator = `[\s\u200b\-_,:!=\[\]()"` + "`" + `/]+|\.(?!\d)|&[lg]t;|(?!\b)(?=[A-Z][a-z])`

func TestGoAndJSAnalyseAlike(t *testing.T) {
	type jsTerm struct {
		Term string `json:"term"`
		Stop bool   `json:"stop"`
		Word string `json:"word"`
	}
	var js [][]jsTerm
	tricky := analyzetest.TrickyStrings
	runNode(t, map[string]any{"mode": "analyze", "strings": tricky}, &js)
	for i, s := range tricky {
		var goTerms []jsTerm
		for _, tm := range analyze.Text(s) {
			goTerms = append(goTerms, jsTerm{tm.Text, tm.Stop, s[tm.Start:tm.End]})
		}
		if len(goTerms) == 0 && len(js[i]) == 0 {
			continue
		}
		if !reflect.DeepEqual(goTerms, js[i]) {
			t.Errorf("analysing %q:\n Go %+v\n JS %+v", s, goTerms, js[i])
		}
	}
}

func TestStemGoAndJSAgreeOnWords(t *testing.T) {
	words := strings.Fields(`raiser raisers raise raises raising raised hire hiring hired policies policy
		latency latencies boxes matches running stopped really quickly apply supply family assembly
		news status analysis business need speed agreed embedded added string being early studies
		studied lies series uses using cases horses buzzes wishes churches dressed passes fully
		daily monopoly ceiling feeling seed bed red shed`)
	type jsTerm struct {
		Term string `json:"term"`
	}
	var js [][]jsTerm
	runNode(t, map[string]any{"mode": "analyze", "strings": words}, &js)
	for i, w := range words {
		if len(js[i]) != 1 || js[i][0].Term != analyze.Stem(w) {
			t.Errorf("stem %q: Go %q, JS %+v", w, analyze.Stem(w), js[i])
		}
	}
}

func TestGoAndJSAnalyseAlikeUnderRules(t *testing.T) {
	type jsTerm struct {
		Term string `json:"term"`
		Stop bool   `json:"stop"`
		Word string `json:"word"`
	}
	for _, a := range []analyze.Config{
		{Separator: materialSeparator},
		{Separator: `[\s\-]+`},
		{Separator: `(?!\b)(?=[A-Z][a-z])`},
		{Separator: `[xX]|\.(?=[a-z])`},
		{Separator: `\s+`, Lang: []string{"de"}},
	} {
		entry := map[string]string{"separator": a.Separator, "stemmer": a.Stemmer()}
		var js [][]jsTerm
		strs := slices.Concat(analyzetest.SeparatorStrings, analyzetest.TrickyStrings)
		rules, err := a.Compile()
		if err != nil {
			t.Fatal(err)
		}
		runNode(t, map[string]any{"mode": "analyze", "strings": strs, "entry": entry}, &js)
		for i, s := range strs {
			got := rules.Terms(s)
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
