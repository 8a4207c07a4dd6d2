package attrs_test

import (
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/testutil"

	"handbook/internal/markdown/attrs"
)

func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, attrs.Extension),
		goldmark.WithParserOptions(parser.WithHeadingAttribute(), parser.WithAutoHeadingID()),
	)
}

func TestAttrsFixtures(t *testing.T) {
	testutil.DoTestCaseFile(newMarkdown(), "testdata/attrs.txt", t, testutil.ParseCliCaseArg()...)
}
