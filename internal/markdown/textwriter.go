package markdown

import (
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// textWriter is goldmark's HTML text writer with a short way for text
// that has nothing to escape, decode or unescape (no `\`, `&`, `<`, `>`,
// `"` or NUL: most of a page's text): it is written as it is, in one
// piece, where goldmark's writer looks at each byte twice, a call for
// each.
type textWriter struct{ html.Writer }

func (w textWriter) Write(out util.BufWriter, source []byte) {
	if verbatim(source) {
		_, _ = out.Write(source)
		return
	}
	w.Writer.Write(out, source)
}

func (w textWriter) RawWrite(out util.BufWriter, source []byte) {
	if verbatim(source) {
		_, _ = out.Write(source)
		return
	}
	w.Writer.RawWrite(out, source)
}

// special are the bytes goldmark's writer does something with.
var special = [256]bool{0: true, '\\': true, '&': true, '<': true, '>': true, '"': true}

// verbatim reports whether b has none of the special bytes.
func verbatim(b []byte) bool {
	for _, c := range b {
		if special[c] {
			return false
		}
	}
	return true
}
