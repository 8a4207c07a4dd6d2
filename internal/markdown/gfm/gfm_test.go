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

// Rows are split as Python-Markdown's tables splits them: a pipe inside a
// code span is text (the fixture is its output).
func TestTables(t *testing.T) {
	testutil.DoTestCaseFile(mdtest.New(), "testdata/tables.txt", t)
}

// A long row of backtick runs and pipes is split in work linear in its
// length (runs of every length, never closed, closed far away).
func TestTablesLinearWork(t *testing.T) {
	md := mdtest.New()
	for _, unit := range []string{"`x|` ", "``|", "| `", "\\|`", "`|``|```|"} {
		mdtest.CheckLinear(t, md, "| a | b |\n|---|---|\n| ", unit)
	}
}

// A change of bullet character goes on with the list, as in
// Python-Markdown (the fixture's first case is its output).
func TestBulletRuns(t *testing.T) {
	testutil.DoTestCaseFile(mdtest.New(), "testdata/lists.txt", t)
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
