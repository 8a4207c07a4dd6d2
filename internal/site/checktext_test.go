package site

import (
	"slices"
	"testing"
)

// checkText reports each problem at its line and column, and nothing in
// clean text (tabs, CRLF, any valid UTF-8 but C0 controls and DEL).
func TestCheckText(t *testing.T) {
	for _, c := range []struct {
		src  string
		want []string
	}{
		{"# Title\r\n\ttabbed é 🚀 \u2028 \u0085 text\n", nil},
		{"a\nb\xffc\n", []string{"p.md:2:2: invalid UTF-8 byte 0xff (save the file as UTF-8)"}},
		{"ab\x00\n\x01é\x7f", []string{"p.md:1:3: warning: NUL character (it is rendered as U+FFFD)", "p.md:2:1: warning: control character U+0001", "p.md:2:4: warning: control character U+007F"}},
	} {
		var got []string
		for _, d := range checkText("p.md", []byte(c.src)) {
			got = append(got, d.String())
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%q:\n got %q\nwant %q", c.src, got, c.want)
		}
	}
}
