package guard

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFenceKeepsLinesAndOutlastsTildes(t *testing.T) {
	deep := strings.Repeat("> ", 200)
	src := "a\n\n~~~~~ x\n" + deep + "\nb\n\nc\n"
	g := Apply([]byte(src))
	want := "a\n\n~~~~~~ text\n~~~~~ x\n" + deep + "\nb\n~~~~~~\n\nc\n"
	if string(g.Source) != want {
		t.Fatalf("source:\n%s\nwant:\n%s", g.Source, want)
	}
	if len(g.Diags) != 1 || g.Diags[0].Line != 4 {
		t.Errorf("diags %v, want one at line 4", g.Diags)
	}
	// Output lines map back to page lines: the fences to the block's first.
	for out, page := range map[int]int{1: 1, 3: 3, 4: 3, 5: 4, 6: 5, 7: 3, 9: 7} {
		if got := g.PageLine(out); got != page {
			t.Errorf("PageLine(%d) = %d, want %d", out, got, page)
		}
	}
}

func TestWrittenShapesPass(t *testing.T) {
	for _, src := range []string{
		"- a\n  - b\n    - c\n      > d\n",
		strings.Repeat("[link](https://example.org/a/b \"title\") and ", 2000),
		strings.Repeat("| [a](b.md) | [c](d.md#e) |\n", 5000),
		"```python\n" + strings.Repeat("    ", 30) + "x = 1\n```\n",
	} {
		if g := Apply([]byte(src)); g.Diags != nil {
			t.Errorf("%.60q…: %v", src, g.Diags)
		}
	}
}

func TestLinkScansCountEachGroupOnce(t *testing.T) {
	for _, c := range []struct {
		src  string
		want int
	}{
		{"[a](bc) [d](ef)", 3 + 3},              // each destination to its space (or the end)
		{"[a](<b>", 2},                          // to the ">"
		{"[a](b \"t\")", 1 + 2},                 // destination, then the title to its closing mark
		{strings.Repeat("[a](", 4), 12 + 8 + 4}, // every one to the end of the run (the last has nothing to scan)
	} {
		if got, _ := linkScans([]byte(c.src)); got != c.want {
			t.Errorf("linkScans(%q) = %d, want %d", c.src, got, c.want)
		}
	}
}

// BenchmarkApplyHandbook runs the guard over every page of the handbook:
// what it adds to each page's conversion.
func BenchmarkApplyHandbook(b *testing.B) {
	var pages [][]byte
	size := 0
	filepath.WalkDir("../../../content", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			if src, err := os.ReadFile(p); err == nil {
				pages = append(pages, src)
				size += len(src)
			}
		}
		return nil
	})
	if len(pages) == 0 {
		b.Skip("no content folder")
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, p := range pages {
			Apply(p)
		}
	}
}
