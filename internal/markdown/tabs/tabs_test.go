package tabs_test

import (
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/testutil"

	"handbook/internal/markdown/tabs"
)

func newMarkdown() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.GFM, tabs.Extension))
}

func TestTabsFixtures(t *testing.T) {
	testutil.DoTestCaseFile(newMarkdown(), "testdata/tabs.txt", t, testutil.ParseCliCaseArg()...)
}
