package container

import (
	"testing"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
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
