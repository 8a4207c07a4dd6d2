package container

import (
	"testing"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// FuzzColumnMatchesLineOffset walks every line of the input as nested bodies
// would (consuming four columns at a time while possible) and checks that the
// cached column always equals goldmark's own LineOffset.
func FuzzColumnMatchesLineOffset(f *testing.F) {
	for _, seed := range []string{"\t\t  x\n   \t\tb\n", "  \t \t\n\n\t", "        a\r\n \t  \t  b"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		reader := text.NewReader([]byte(src))
		pc := parser.NewContext()
		for line, _ := reader.PeekLine(); line != nil; line, _ = reader.PeekLine() {
			for range 64 {
				if got, want := column(reader, pc), reader.LineOffset(); got != want {
					t.Fatalf("column %d, LineOffset %d in %q", got, want, src)
				}
				if Continue(reader, pc)&parser.Continue == 0 {
					break
				}
				if rest, _ := reader.PeekLine(); rest == nil || rest[0] == '\n' {
					break
				}
			}
			reader.AdvanceLine()
		}
	})
}

// FuzzAdvanceColumnCountsEachByte: advanceColumn, which searches for the
// line breaks and tabs, gives the column that looking at every byte from
// offset from to offset to gives.
func FuzzAdvanceColumnCountsEachByte(f *testing.F) {
	f.Add("ab\tc\n\t x\ty", 0, 9, 3)
	f.Add("\t\t\n", 1, 2, 5)
	f.Add("abc", 2, 10, 0)
	f.Fuzz(func(t *testing.T, src string, from, to, col int) {
		if from < 0 || col < 0 || col > 1<<20 {
			return
		}
		want := col
		for i := from; i < to && i < len(src); i++ {
			switch src[i] {
			case '\n':
				want = 0
			case '\t':
				want += util.TabWidth(want)
			default:
				want++
			}
		}
		if got := advanceColumn([]byte(src), from, to, col); got != want {
			t.Fatalf("advanceColumn(%q, %d, %d, %d) = %d, want %d", src, from, to, col, got, want)
		}
	})
}
