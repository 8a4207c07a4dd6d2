package analyze

import (
	"reflect"
	"testing"
)

// materialSeparator is the separator of Material for MkDocs' own site.
const materialSeparator = `[\s\u200b\-_,:!=\[\]()"` + "`" + `/]+|\.(?!\d)|&[lg]t;|(?!\b)(?=[A-Z][a-z])`

func termsWith(t *testing.T, c Config, text string) []string {
	t.Helper()
	var out []string
	for _, tm := range mustCompile(t, c).Terms(text) {
		out = append(out, tm.Text)
	}
	return out
}

func mustCompile(t testing.TB, c Config) *Rules {
	t.Helper()
	r, err := c.Compile()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSeparatorAddsWordBoundaries(t *testing.T) {
	camel := Config{Separator: `(?!\b)(?=[A-Z][a-z])`}
	cases := []struct {
		c    Config
		in   string
		want []string
	}{
		{Config{}, "searchHighlight PascalCase", []string{"searchhighlight", "pascalcas"}},
		{camel, "searchHighlight PascalCase", []string{"search", "highlight", "pascal", "cas"}},
		// A lookahead's empty match splits; a word without a case change stays.
		{camel, "HTTPServer iOS", []string{"http", "server", "ios"}},
		{Config{Separator: materialSeparator}, "the searchHighlight, v9.0.0 &lt;script&gt;", []string{"the", "search", "highlight", "v9", "0", "0", "script"}},
		// A separator cannot join what handbook's own rule splits.
		{Config{Separator: `\s+`}, "snake_case dot.separated", []string{"snak", "cas", "dot", "separat"}},
		// A separator matching letters removes them.
		{Config{Separator: `x`}, "boxes", []string{"bo", "es"}},
	}
	for _, c := range cases {
		if got := termsWith(t, c.c, c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("separator %q: %q → %q, want %q", c.c.Separator, c.in, got, c.want)
		}
	}
}

func TestSeparatorSpansAreTheWords(t *testing.T) {
	text := "Use searchHighlight (see camelCase)."
	var words []string
	for _, tm := range mustCompile(t, Config{Separator: `(?!\b)(?=[A-Z][a-z])`}).Terms(text) {
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
		if _, err := (Config{Separator: p}).Compile(); err == nil {
			t.Errorf("Config with separator %q compiled", p)
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
		got := mustCompile(t, Config{Lang: c.lang}).Terms(text)
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

func TestConfigEqualAndStemmer(t *testing.T) {
	a := Config{Separator: `\s+`, Lang: []string{"de", "en"}}
	if !a.Equal(Config{Separator: `\s+`, Lang: []string{"de", "en"}}) || a.Equal(Config{Separator: `\s+`, Lang: []string{"de"}}) || a.Equal(Config{Lang: a.Lang}) {
		t.Error("Equal does not compare both the separator and the languages")
	}
	if a.Stemmer() != "" || (Config{Lang: []string{"de"}}).Stemmer() != "none" {
		t.Errorf("stemmers %q and %q, want \"\" (English) and none", a.Stemmer(), Config{Lang: []string{"de"}}.Stemmer())
	}
}
