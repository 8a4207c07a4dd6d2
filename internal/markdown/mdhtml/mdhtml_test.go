package mdhtml_test

import (
	"bytes"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/testutil"

	"handbook/internal/markdown/mdhtml"
)

func newMarkdown(opts ...html.Option) goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, mdhtml.Extension),
		goldmark.WithRendererOptions(html.WithUnsafe()),
	)
}

func TestMarkdownInHTMLFixtures(t *testing.T) {
	testutil.DoTestCaseFile(newMarkdown(), "testdata/mdhtml.txt", t, testutil.ParseCliCaseArg()...)
}

func TestTagsOmittedWithoutUnsafe(t *testing.T) {
	md := goldmark.New(goldmark.WithExtensions(mdhtml.Extension))
	var out bytes.Buffer
	if err := md.Convert([]byte("<div class=\"grid\" markdown>\n**Bold**\n</div>\n"), &out); err != nil {
		t.Fatal(err)
	}
	want := "<!-- raw HTML omitted -->\n<p><strong>Bold</strong></p>\n<!-- raw HTML omitted -->\n"
	if out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}
