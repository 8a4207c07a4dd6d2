package inline_test

import (
	"bytes"
	"strings"
	"testing"

	"handbook/internal/sitetest"

	"handbook/internal/markdown/mdtest"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"

	"handbook/internal/markdown/abbr"
	"handbook/internal/markdown/emoji"
	"handbook/internal/markdown/icons"
	"handbook/internal/markdown/inline"
	"handbook/internal/markdown/math"
	"handbook/internal/markdown/tasklist"
)

// newSiteMarkdown combines every extension of this area the way the site
// does: GFM without its strikethrough, footnotes, definition lists and raw HTML.
func newSiteMarkdown() goldmark.Markdown {
	return mdtest.New(
		inline.Mark, inline.Caret, inline.Tilde, inline.Keys,
		emoji.Extension, icons.Extension, abbr.Extension, tasklist.Extension, math.Extension,
	)
}

// TestReferencePage converts the inline part of the Material reference page;
// emoji are Unicode characters rather than images, as intended.
func TestReferencePage(t *testing.T) {
	src := "The SLA matters.\n\n" +
		"Inline: ==highlight==, ^^added^^, ~~removed~~, CO~2~, e^x^, ++cmd+shift+p++, :tada: and :thumbsup:.\n\n" +
		"- [x] checked item\n- [ ] unchecked item\n\n" +
		"Inline math $a^2 + b^2 = c^2$ and a block:\n\n$$\nE = mc^2\n$$\n\n" +
		"*[SLA]: Service Level Agreement\n"
	want := `<p>The <abbr title="Service Level Agreement">SLA</abbr> matters.</p>
<p>Inline: <mark>highlight</mark>, <ins>added</ins>, <del>removed</del>, CO<sub>2</sub>, e<sup>x</sup>, <span class="keys"><kbd class="key-command">Cmd</kbd><span>+</span><kbd class="key-shift">Shift</kbd><span>+</span><kbd class="key-p">P</kbd></span>, 🎉 and 👍.</p>
<ul class="task-list">
<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled checked aria-label="checked item"/><span class="task-list-indicator"></span></label> checked item</li>
<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled aria-label="unchecked item"/><span class="task-list-indicator"></span></label> unchecked item</li>
</ul>
<p>Inline math <span class="arithmatex">\(a^2 + b^2 = c^2\)</span> and a block:</p>
<div class="arithmatex">\[
E = mc^2
\]</div>
`
	var out bytes.Buffer
	if err := newSiteMarkdown().Convert([]byte(src), &out); err != nil {
		t.Fatal(err)
	}
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

// A handbook page's dollar amounts stay text, and nothing in it is an
// unknown icon: the project's damaged page, and the seed page of ../shared
// as an extra.
func TestDamagedPage(t *testing.T) {
	checkHandbookPage(t, sitetest.DamagedPage, "$650K total compensation")
}

func TestExtraSeedPage(t *testing.T) {
	checkHandbookPage(t, sitetest.SharedSeed(t), "$650K total compensation")
}

func checkHandbookPage(t *testing.T, src []byte, dollarText string) {
	pc := parser.NewContext()
	var out bytes.Buffer
	if err := newSiteMarkdown().Convert(src, &out, parser.WithContext(pc)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "arithmatex") {
		t.Errorf("dollar amounts became math")
	}
	if !strings.Contains(out.String(), dollarText) {
		t.Errorf("dollar amount text lost")
	}
	if w := icons.Warnings(pc); len(w) != 0 {
		t.Errorf("unexpected warnings %v", w)
	}
}
