package highlight

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/testutil"
	"github.com/yuin/goldmark/text"
)

func newMarkdown(h *Highlighter) goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.GFM, h.Extension()))
}

func TestRenderCases(t *testing.T) {
	testutil.DoTestCaseFile(newMarkdown(New(Options{})), "testdata/render.txt", t, testutil.ParseCliCaseArg()...)
}

// The expected HTML is pymdownx.inlinehilite's, with Pygments' token
// classes where chroma's agree.
func TestInlineCases(t *testing.T) {
	testutil.DoTestCaseFile(newMarkdown(New(Options{})), "testdata/inline.txt", t, testutil.ParseCliCaseArg()...)
}

func convert(t testing.TB, h *Highlighter, src string) string {
	t.Helper()
	var b bytes.Buffer
	if err := newMarkdown(h).Convert([]byte(src), &b); err != nil {
		t.Fatalf("convert: %v", err)
	}
	return b.String()
}

func TestNeverInlineStyles(t *testing.T) {
	out := convert(t, New(Options{}), "```go\nfunc main() { println(\"x\") }\n```\n")
	if strings.Contains(out, "style=") {
		t.Fatalf("highlighted output has inline styles:\n%s", out)
	}
	if !strings.Contains(out, `<span class="kd">func</span>`) {
		t.Fatalf("expected chroma token classes:\n%s", out)
	}
}

func TestLanguageLookupIsByNameNotContent(t *testing.T) {
	// Unmistakable Python, but the fence names no language: no classes at all.
	out := convert(t, New(Options{}), "```\n#!/usr/bin/env python\nimport os\ndef f(): pass\n```\n")
	if strings.Contains(out, "<span") || strings.Contains(out, "highlight") {
		t.Fatalf("a fence without a language was highlighted:\n%s", out)
	}
	// Names that cannot be languages are not looked up at all.
	for _, lang := range []string{"../../etc/passwd", "a\x00b", strings.Repeat("x", 100)} {
		if l := lexerFor(lang); l != nil {
			t.Errorf("lexerFor(%q) found %s", lang, l.Config().Name)
		}
	}
	// Aliases and case are resolved.
	for _, lang := range []string{"py", "Python", "golang", "yml"} {
		out := convert(t, New(Options{}), "```"+lang+"\nx = 1\n```\n")
		if !strings.Contains(out, `<div class="language-`+lang+` highlight">`) || !strings.Contains(out, "<span class=") {
			t.Errorf("%s: not highlighted:\n%s", lang, out)
		}
	}
}

func TestHasMermaid(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want bool
	}{
		{"# Title\n\n```mermaid\ngraph TD\n```\n", true},
		{"- list\n\n  ```{ .mermaid }\n  graph TD\n  ```\n", true},
		{"```python\nmermaid = 1\n```\n\nmermaid in text\n", false},
		{"    mermaid\n", false},
		{"", false},
	} {
		md := newMarkdown(New(Options{}))
		doc := md.Parser().Parse(text.NewReader([]byte(tc.src)))
		if got := HasMermaid(doc); got != tc.want {
			t.Errorf("HasMermaid(%q) = %v, want %v", tc.src, got, tc.want)
		}
	}
}

func TestStatsCountBlocks(t *testing.T) {
	h := New(Options{})
	src := "```go\nx := 1\n```\n\n```go\nx := 1\n```\n\n```\nplain\n```\n\n```mermaid\ngraph TD\n```\n"
	convert(t, h, src)
	want := Stats{Blocks: 4, Highlighted: 1, MemoHits: 1}
	if got := h.Stats(); got != want {
		t.Fatalf("Stats() = %+v, want %+v", got, want)
	}
}

// FuzzRender renders arbitrary markdown: it must never panic or hang.
func FuzzRender(f *testing.F) {
	for _, seed := range []string{
		"```python title=\"a\" linenums=\"1\" hl_lines=\"1-3\"\nx\n```\n",
		"```{ .go hl_lines=\"2\" }\npackage x\n\nfunc f() {}\n```\n",
		"```mermaid\ngraph TD\n  A-->B\n```\n",
		"    indented\n",
		"```nosuch linenums=\"5\"\n<b>\n```\n",
		"~~~yaml\na: [1, {b: c}]\n~~~\n",
		"`#!python print(1)` `:::js x` ``#!go a`b`` `#!py\nx` `#! `\n",
	} {
		f.Add(seed)
	}
	h := New(Options{})
	md := newMarkdown(h)
	f.Fuzz(func(t *testing.T, src string) {
		var b bytes.Buffer
		if err := md.Convert([]byte(src), &b); err != nil {
			t.Fatalf("convert: %v", err)
		}
	})
}

// TestLexerThatNeverFinishes: chroma's Jungle lexer loops forever on an
// unterminated string; the block is shown as plain text and the build goes
// on.
func TestLexerThatNeverFinishes(t *testing.T) {
	done := make(chan string)
	go func() { done <- convert(t, New(Options{}), "```jungle\n\"unterminated\n'also\n```\n") }()
	select {
	case out := <-done:
		if strings.Contains(out, "<span class=") || !strings.Contains(out, "unterminated") {
			t.Fatalf("want the code as plain text:\n%s", out)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("highlighting a Jungle block never finished")
	}
}
