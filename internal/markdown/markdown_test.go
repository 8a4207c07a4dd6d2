package markdown

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"

	"handbook/internal/markdown/toc"
)

type recordLinker struct{ seen []string }

// Rewrite turns "x.md#a" into "x/#a", as the site's linker does.
func (l *recordLinker) Rewrite(dest string, kind LinkKind, line, col int) string {
	l.seen = append(l.seen, dest)
	if strings.Contains(dest, "boom") {
		panic("planted panic")
	}
	page, anchor, hasAnchor := strings.Cut(dest, "#")
	if !strings.HasSuffix(page, ".md") {
		return dest
	}
	out := strings.TrimSuffix(page, ".md") + "/"
	if hasAnchor {
		out += "#" + anchor
	}
	return out
}

// convertChecked converts src and fails t when a parser panicked: Convert
// keeps a build going past a panic, a test must not.
func convertChecked(t testing.TB, c *Converter, src []byte) *Result {
	t.Helper()
	res := c.Convert(src, &recordLinker{})
	if res.Panic != "" {
		t.Fatalf("panic converting %q: %s", src, res.Panic)
	}
	return res
}

func TestHeadingIDsExplicitReservedFirst(t *testing.T) {
	src := "# Title\n\n## Intro\n\n## Intro\n\n## 🚀\n\n## 🎉\n\n## Other { #intro }\n"
	res := New(Options{TOC: toc.Options{Permalink: true}}).Convert([]byte(src), nil)
	var got []string
	for _, h := range res.Headings {
		got = append(got, h.ID)
	}
	want := []string{"title", "intro_1", "intro_2", "_1", "_2", "intro"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("ids = %v, want %v", got, want)
	}
	if res.Title != "Title" {
		t.Errorf("title = %q", res.Title)
	}
	if !strings.Contains(string(res.HTML), `<h2 id="intro_1">Intro<a class="headerlink" href="#intro_1" title="Permanent link">&para;</a></h2>`) {
		t.Errorf("permalink markup missing:\n%s", res.HTML)
	}
}

func TestLinksRewrittenWithPositions(t *testing.T) {
	src := "# T\n\nSee [the templates](success-templates.md#star) and\n<a href=\"other.md\">x</a> ![](img.png)\n"
	l := &recordLinker{}
	res := New(Options{}).Convert([]byte(src), l)
	html := string(res.HTML)
	if !strings.Contains(html, `<a href="success-templates/#star">the templates</a>`) {
		t.Errorf("markdown link not rewritten: %s", html)
	}
	if !strings.Contains(html, `<a href="other/">`) {
		t.Errorf("raw HTML link not rewritten: %s", html)
	}
	if len(res.Links) != 3 {
		t.Fatalf("links = %+v", res.Links)
	}
	if res.Links[0].Line != 3 || res.Links[0].Col != 5 {
		t.Errorf("first link at %d:%d, want 3:5", res.Links[0].Line, res.Links[0].Col)
	}
	if res.Links[1].Line != 4 || res.Links[1].Col != 10 {
		t.Errorf("html link at %d:%d, want 4:10", res.Links[1].Line, res.Links[1].Col)
	}
	if !res.Links[2].NoAlt || res.Links[2].Line != 4 {
		t.Errorf("image: %+v", res.Links[2])
	}
}

func TestSectionLevels(t *testing.T) {
	src := "# Page\n\nIntro.\n\n## L7 Case\n\nseven\n\n### Background\n\nstill seven\n\n## L6 Case\n\nsix\n\n### L7 aside\n\nnested seven\n\n## L6/L7 both\n\nnone\n"
	res := New(Options{LevelIDs: []string{"L6", "L7"}}).Convert([]byte(src), nil)
	got := map[string]string{}
	for _, s := range res.Sections {
		name := "intro"
		if s.Heading >= 0 {
			name = res.Headings[s.Heading].Text
		}
		got[name] = strings.Join(s.Levels, ",")
	}
	want := map[string]string{"Page": "", "L7 Case": "L7", "Background": "L7", "L6 Case": "L6", "L7 aside": "L7", "L6/L7 both": ""}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("section %q levels = %q, want %q (all %v)", k, got[k], v, got)
		}
	}
	if !strings.Contains(string(res.HTML), `<h2 id="l7-case" data-level="L7">`) {
		t.Errorf("heading not tagged: %s", res.HTML)
	}
}

func TestNoPanicOnHostileInput(t *testing.T) {
	inputs := []string{"\x00\x01# a\x00", strings.Repeat("> ", 5000) + "x", strings.Repeat("- ", 3000) + "x", "\xff\xfe[x](\xff.md)"}
	c := New(Options{LevelIDs: []string{"L6", "L7"}})
	for _, in := range inputs {
		convertChecked(t, c, []byte(in))
	}
}

// recorder is a testing.TB that records a fatal failure instead of stopping.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = true
	runtime.Goexit()
}

// A panic inside the parsers reaches the tests and fuzz targets (here
// through the linker, which runs inside Convert), though the build keeps
// going past it with an error.
func TestPlantedPanicIsCaught(t *testing.T) {
	c := New(Options{})
	res := c.Convert([]byte("[x](boom.md)"), &recordLinker{})
	if res.Panic == "" || !strings.Contains(res.Panic, "planted panic") || !res.Diags.HasErrors() {
		t.Fatalf("panic not recorded: %+v", res)
	}
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		convertChecked(r, c, []byte("[x](boom.md)"))
	}()
	<-done
	if !r.failed {
		t.Error("convertChecked did not fail on a planted panic")
	}
}

func FuzzConvert(f *testing.F) {
	f.Add("# T\n\n## A\n[x](y.md#z) <a href='q'>")
	f.Add("## L6 x\n### L7 y\n```mermaid\nA\n```")
	f.Add("A[^n] `#!py x` | `a|b` |\n|---|---|\n| `c|d` | e |\n\nT\n\n:   d\n\n    e\n\n[^n]: x\n``` { .sh #i .c data-x=y }\nz\n```\n")
	c := New(Options{LevelIDs: []string{"L6", "L7"}})
	f.Fuzz(func(t *testing.T, s string) {
		if strings.Contains(s, "boom") {
			return // the planted panic of TestPlantedPanicIsCaught
		}
		convertChecked(t, c, []byte(s))
	})
}

// Two identical attributes in one HTML block are each reported at their
// own position (both used to be placed at the first one).
func TestRawHTMLRepeatedAttributePositions(t *testing.T) {
	src := "# T\n\n<div>\n<a href=\"x.md\">one</a>\n<a href=\"x.md\">two</a> <img src='x.md'>\n</div>\n\nText <a href=\"y.md\">a</a> and <a href=\"y.md\">b</a>.\n"
	res := convertChecked(t, New(Options{}), []byte(src))
	var got []string
	for _, l := range res.Links {
		got = append(got, fmt.Sprintf("%s@%d:%d", l.Dest, l.Line, l.Col))
	}
	want := []string{"x.md@4:10", "x.md@5:10", "x.md@5:34", "y.md@8:15", "y.md@8:40"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("links at %v, want %v", got, want)
	}
	if strings.Count(string(res.HTML), `href="x/"`) != 2 || !strings.Contains(string(res.HTML), `src="x/"`) {
		t.Errorf("not every attribute rewritten: %s", res.HTML)
	}
}

// Inline code with a mock shebang keeps the attribute list after it, its
// classes after the highlight's, as pymdownx's inlinehilite with attr_list
// renders it; the link check knows its id.
func TestInlineCodeTakesAnAttributeList(t *testing.T) {
	res := convertChecked(t, New(Options{}), []byte("`#!python x`{ .more #ic } and `#! y`{ .c }\n"))
	want := `<p><code class="language-python highlight more" id="ic"><span class="n">x</span></code> and <code class="c">y</code></p>`
	if !strings.Contains(string(res.HTML), want) {
		t.Errorf("HTML\n%s\nwant\n%s", res.HTML, want)
	}
	if !slices.Contains(res.IDs, "ic") {
		t.Errorf("ids %q lack the code's", res.IDs)
	}
}

// A heading's id holds the numbers of its footnote references, as
// Python-Markdown's toc reads the heading; its text does not.
func TestHeadingIDWithFootnoteReferences(t *testing.T) {
	res := convertChecked(t, New(Options{}), []byte("## Heading[^1]\n\n## Two[^n] words[^1]\n\n[^1]: a\n[^n]: b\n"))
	var got []string
	for _, h := range res.Headings {
		got = append(got, h.ID+"="+h.Text)
	}
	if want := "heading1=Heading two2-words1=Two words"; strings.Join(got, " ") != want {
		t.Errorf("headings %q, want %q", got, want)
	}
}
