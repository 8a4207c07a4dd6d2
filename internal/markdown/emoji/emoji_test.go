package emoji

import (
	"bytes"
	"handbook/internal/markdown/mdtest"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/testutil"

	"handbook/internal/diag"
)

func newMarkdown() goldmark.Markdown { return mdtest.New(Extension) }

func TestEmoji(t *testing.T) { testutil.DoTestCaseFile(newMarkdown(), "testdata/emoji.txt", t) }

func TestBundledTables(t *testing.T) {
	if n := len(emojiByShortcode); n < 400 {
		t.Errorf("only %d emoji shortcodes bundled", n)
	}
	if n := len(iconSVG); n < 40 {
		t.Errorf("only %d icons bundled", n)
	}
	for name, svg := range iconSVG {
		if !isIconShortcode(name) {
			t.Errorf("bundled icon %q has no icon-set prefix", name)
		}
		if !strings.HasPrefix(svg, "<svg ") || !strings.HasSuffix(svg, "</svg>") || strings.Contains(svg, "<!--") {
			t.Errorf("icon %q is not a clean <svg> element: %.60s", name, svg)
		}
	}
}

func TestWarningsForUnknownIcons(t *testing.T) {
	src := []byte("# T\n\nok :material-check: then :material-nope:\n\n- x :fontawesome-solid-nope: :rocket:\n")
	pc := parser.NewContext()
	var out bytes.Buffer
	if err := newMarkdown().Convert(src, &out, parser.WithContext(pc)); err != nil {
		t.Fatal(err)
	}
	got := Warnings(pc)
	want := []diag.Diagnostic{
		{Line: 3, Col: 26, Severity: diag.Warning, Code: "unknown-icon", Message: "icon :material-nope: is not in the bundled set; it was dropped"},
		{Line: 5, Col: 5, Severity: diag.Warning, Code: "unknown-icon", Message: "icon :fontawesome-solid-nope: is not in the bundled set; it was dropped"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d warnings %v, want %v", len(got), got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("warning %d = %#v, want %#v", i, got[i], want[i])
		}
	}
	if strings.Contains(out.String(), "nope") {
		t.Errorf("unknown icon not dropped: %s", out.String())
	}
}

func TestNoWarningsWithoutUnknownIcons(t *testing.T) {
	pc := parser.NewContext()
	var out bytes.Buffer
	if err := newMarkdown().Convert([]byte(":rocket: :material-check:"), &out, parser.WithContext(pc)); err != nil {
		t.Fatal(err)
	}
	if w := Warnings(pc); len(w) != 0 {
		t.Errorf("unexpected warnings %v", w)
	}
}

func FuzzEmoji(f *testing.F) {
	for _, seed := range []string{":rocket:", "10:30:45", ":material-check: :material-x:", "`:a:` :+1:", "::::", ":a:b:c:"} {
		f.Add(seed)
	}
	md := newMarkdown()
	f.Fuzz(func(t *testing.T, src string) {
		pc := parser.NewContext()
		var out bytes.Buffer
		if err := md.Convert([]byte(src), &out, parser.WithContext(pc)); err != nil {
			t.Fatal(err)
		}
		for _, w := range Warnings(pc) {
			if w.Line < 1 || w.Col < 1 {
				t.Fatalf("bad position %+v", w)
			}
		}
	})
}

// TestLinearTime feeds pathological input to the parsers.
func TestLinearTime(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	md := newMarkdown()
	for _, unit := range []string{":", "::", " :a", " :rocket:", " :material-nope:", " :material-check:", ":abcdefghij"} {
		mdtest.CheckLinear(t, md, "", unit)
	}
}
