package inline

import (
	"handbook/internal/markdown/mdtest"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/testutil"
)

// newMarkdown builds the converter the site uses: GFM without its
// strikethrough, plus footnotes and the extensions of this package.
func newMarkdown() goldmark.Markdown { return mdtest.New(Mark, Caret, Tilde, Keys) }

func TestMark(t *testing.T)  { testutil.DoTestCaseFile(newMarkdown(), "testdata/mark.txt", t) }
func TestCaret(t *testing.T) { testutil.DoTestCaseFile(newMarkdown(), "testdata/caret.txt", t) }
func TestTilde(t *testing.T) { testutil.DoTestCaseFile(newMarkdown(), "testdata/tilde.txt", t) }
func TestKeys(t *testing.T)  { testutil.DoTestCaseFile(newMarkdown(), "testdata/keys.txt", t) }
