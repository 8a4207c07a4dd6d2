package gfm_test

import (
	"testing"

	"github.com/yuin/goldmark/testutil"

	"handbook/internal/markdown/mdtest"
)

// Raw HTML is read as Python-Markdown reads it (see NewParser).
func TestRawHTMLAsPythonMarkdown(t *testing.T) {
	testutil.DoTestCaseFile(mdtest.New(), "testdata/rawhtml.txt", t)
}

// Definitions are loose or tight as Python-Markdown's def_list makes them
// (the fixture is its output).
func TestDefinitionLists(t *testing.T) {
	testutil.DoTestCaseFile(mdtest.New(), "testdata/deflist.txt", t)
}

func FuzzRawHTML(f *testing.F) {
	for _, s := range []string{"<div>\n<div>\n</div>\nx\n</div>\ny", "<small>\n*a*\n</small>", "<div/>\n<div>", "</div>\n<div x='<div>'>"} {
		f.Add(s)
	}
	md := mdtest.New()
	f.Fuzz(func(t *testing.T, src string) { mdtest.ConvertTwice(t, md, src) })
}
