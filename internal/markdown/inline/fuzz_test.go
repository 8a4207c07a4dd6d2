package inline

import (
	"bytes"
	"testing"
)

func FuzzInline(f *testing.F) {
	for _, seed := range []string{
		"==a== ^^b^^ ~~c~~ H~2~O x^2^ ++ctrl+alt+del++",
		"++\"My \\\" Key\"+'x'++", "x^a\\ b^ ~a\\~b~", "==*a ==b*==", "^^^a^^^ ~~~b~~~",
		"- [x] ~~a~~\n\n| ~a~ |\n|---|\n| ^^b^^ |", "++a+", "\\", "~\\",
	} {
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
