package blocks_test

import (
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"handbook/internal/markdown/blocks"
	"handbook/internal/markdown/mdtest"
)

func FuzzBlocks(f *testing.F) {
	for _, seed := range []string{
		"/// note | T\n    type: x\n    attrs: {id: a}\nbody\n///\n",
		"//// tab | A\n/// details | B\n    open: yes\n```\n///\n```\n///\n////\n/// tab | C\n    new: 1\n///\n",
		"/// html | pre[x='1'].c#d\n\n    raw <b>\n///\n/// html | span\na\n\nb\n///\n",
		"![i](x)\n/// figure-caption | < ^1 #id\nc\n///\n/// caption | 2.1\nd\n///\n",
		"/// define\nT\n\n- d\n\n```\nx\n```\n///\n",
		"/// note\n    attrs: [\n///\n/// html | !!\n///",
		"- item\n\n    /// note\n    inside\n    ///\n> /// tip\n> q\n> ///\n",
	} {
		f.Add(seed)
	}
	md := mdtest.New(blocks.New(blocks.All()))
	f.Fuzz(func(t *testing.T, src string) {
		mdtest.ConvertTwice(t, md, src)
		pc := parser.NewContext()
		md.Parser().Parse(text.NewReader([]byte(src)), parser.WithContext(pc))
		lines := strings.Count(src, "\n") + 1
		for _, d := range blocks.Warnings(pc) {
			if d.Line < 1 || d.Line > lines {
				t.Fatalf("warning on line %d of %d: %v", d.Line, lines, d)
			}
		}
	})
}

func TestLinear(t *testing.T) {
	md := mdtest.New(blocks.New(blocks.All()))
	mdtest.CheckLinear(t, md, "", "/// note | T\n    type: x\ntext\n//// details\nmore\n////\n///\n\n")
	mdtest.CheckLinear(t, md, "//// note\n", "/// tab | T\nx\n///\n")
	mdtest.CheckLinear(t, md, "", "para\n/// caption\nc\n///\n")
}

func TestWarnings(t *testing.T) {
	md := mdtest.New(blocks.New(blocks.All()))
	pc := parser.NewContext()
	src := "Intro.\n\n/// note | T\n    colour: red\n    open: true\nx\n///\n\n/// details\n    open: maybe\n///\n\n/// html | .only-class\n///\n\n/// tab | X\n    attrs: [\n///\n"
	md.Parser().Parse(text.NewReader([]byte(src)), parser.WithContext(pc))
	var got []string
	for _, d := range blocks.Warnings(pc) {
		got = append(got, d.String())
	}
	want := []string{
		`unknown option "colour"`, `unknown option "open"`, `option "open" has an invalid value maybe`,
		`html block needs a tag`, `block options are not a YAML mapping`,
	}
	lines := []int{3, 3, 9, 13, 16}
	ws := blocks.Warnings(pc)
	if len(ws) != len(want) {
		t.Fatalf("got %q", got)
	}
	for i, w := range ws {
		if !strings.Contains(w.Message, want[i]) || w.Line != lines[i] || w.Col != 1 {
			t.Errorf("warning %d = %d:%d %q, want line %d with %q", i, w.Line, w.Col, w.Message, lines[i], want[i])
		}
	}
}

// Options go-yaml would read for minutes (its scanner is quadratic in a run
// of '<') get a warning instead; the block still renders.
func TestSlowOptionsRefused(t *testing.T) {
	md := mdtest.New(blocks.New(blocks.All()))
	src := "Intro.\n\n/// details | T\n    type: " + strings.Repeat("<", 300_000) + "\nbody\n///\n"
	pc := parser.NewContext()
	done := make(chan struct{})
	go func() {
		defer close(done)
		md.Parser().Parse(text.NewReader([]byte(src)), parser.WithContext(pc))
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("parsing still running after 10 s")
	}
	ws := blocks.Warnings(pc)
	if len(ws) != 1 || ws[0].Line != 3 || !strings.Contains(ws[0].Message, "block options are not read: more than 256 '<' in a row") {
		t.Errorf("warnings %v, want one on line 3 about the run of '<'", ws)
	}
}
