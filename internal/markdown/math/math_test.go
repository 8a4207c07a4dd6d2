package math

import (
	"bytes"
	"handbook/internal/markdown/mdtest"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/testutil"
	"github.com/yuin/goldmark/text"
)

func newMarkdown() goldmark.Markdown { return mdtest.New(Extension) }

func TestMath(t *testing.T) { testutil.DoTestCaseFile(newMarkdown(), "testdata/math.txt", t) }

func TestHasMath(t *testing.T) {
	for src, want := range map[string]bool{
		"plain $5 and $10":            false,
		"`$x$` in code":               false,
		"inline $x$":                  true,
		"- list\n\n  $$\n  x\n  $$\n": true,
	} {
		doc := newMarkdown().Parser().Parse(text.NewReader([]byte(src)))
		if got := HasMath(doc); got != want {
			t.Errorf("HasMath(%q) = %v, want %v", src, got, want)
		}
	}
}

func FuzzMath(f *testing.F) {
	for _, seed := range []string{"$x$", "$5 and $10", "$$\nx\n$$", "$$x$$", "- $$\n  a\n", "$a\\$b$", "$$$$"} {
		f.Add(seed)
	}
	md := newMarkdown()
	f.Fuzz(func(t *testing.T, src string) {
		var out bytes.Buffer
		if err := md.Convert([]byte(src), &out); err != nil {
			t.Fatal(err)
		}
	})
}

// TestLinearTime feeds pathological input to the parsers.
func TestLinearTime(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	md := newMarkdown()
	for _, unit := range []string{"$", "$$", "$a", "$a $", "$\\", "$$\n", "$$\na\n"} {
		mdtest.CheckLinear(t, md, "", unit)
	}
}
