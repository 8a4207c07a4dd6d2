package snippets_test

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/testutil"

	"handbook/internal/markdown/mdtest"
	"handbook/internal/markdown/snippets"
)

// withSnippets is the site's base goldmark with snippets expanded first.
func withSnippets(opts snippets.Options, exts ...goldmark.Extender) goldmark.Markdown {
	return mdtest.WithPreprocess(mdtest.New(exts...), func(src []byte) []byte {
		return snippets.Expand(src, opts).Source
	})
}

func TestSnippetFixtures(t *testing.T) {
	md := withSnippets(snippets.Options{BasePaths: []string{"testdata/snips"}})
	testutil.DoTestCaseFile(md, "testdata/snippets.txt", t, testutil.ParseCliCaseArg()...)
}

func convert(t *testing.T, md goldmark.Markdown, src string) string {
	t.Helper()
	var b strings.Builder
	if err := md.Convert([]byte(src), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
