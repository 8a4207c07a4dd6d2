package markdown

import (
	"os"
	"testing"
)

// BenchmarkConvertCorpusPage converts a page of the synthetic corpus
// (testdata/corpus-page.md, made by gen_corpus.py: prose, admonitions,
// tabs, a table, a code block, links) with the handbook's levels, without
// a highlighter: the parse and render of the dialect.
func BenchmarkConvertCorpusPage(b *testing.B) {
	src, err := os.ReadFile("testdata/corpus-page.md")
	if err != nil {
		b.Fatal(err)
	}
	c := New(Options{LevelIDs: []string{"L6", "L7"}})
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if res := c.Convert(src, &recordLinker{}); res.Panic != "" {
			b.Fatal(res.Panic)
		}
	}
}
