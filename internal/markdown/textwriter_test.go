package markdown

import (
	"bufio"
	"bytes"
	"testing"

	"github.com/yuin/goldmark/renderer/html"
)

// FuzzTextWriterWritesAsGoldmarks: textWriter writes every text as
// goldmark's own writer does, with and without its short way.
func FuzzTextWriterWritesAsGoldmarks(f *testing.F) {
	for _, seed := range []string{"plain words", "a &amp; b", `\* not em`, "<b>", `say "hi"`, "nul\x00", "&#x22; &#34; &copy", "é ü", ""} {
		f.Add(seed)
	}
	ours := textWriter{html.DefaultWriter}
	f.Fuzz(func(t *testing.T, src string) {
		for _, raw := range []bool{false, true} {
			var got, want bytes.Buffer
			g, w := bufio.NewWriter(&got), bufio.NewWriter(&want)
			if raw {
				ours.RawWrite(g, []byte(src))
				html.DefaultWriter.RawWrite(w, []byte(src))
			} else {
				ours.Write(g, []byte(src))
				html.DefaultWriter.Write(w, []byte(src))
			}
			_, _ = g.Flush(), w.Flush()
			if got.String() != want.String() {
				t.Fatalf("raw %v: %q written as %q, goldmark writes %q", raw, src, got.String(), want.String())
			}
		}
	})
}
