package admonition_test

import (
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/testutil"

	"handbook/internal/markdown/admonition"
)

func newMarkdown() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.GFM, admonition.Extension))
}

func TestAdmonitionFixtures(t *testing.T) {
	testutil.DoTestCaseFile(newMarkdown(), "testdata/admonition.txt", t, testutil.ParseCliCaseArg()...)
}
