package escapeall_test

import (
	"testing"

	"handbook/internal/markdown/escapeall"
	"handbook/internal/markdown/mdtest"
)

func TestEscapeAll(t *testing.T) {
	md := mdtest.New(escapeall.New(escapeall.Options{Nbsp: true}))
	for src, want := range map[string]string{
		`\a\b \é \* \\`: "<p>ab é * \\</p>\n",
		`a\ b`:          "<p>a&nbsp;b</p>\n",
		"line\\\nnext":  "<p>line<br>\nnext</p>\n",
		"`\\a` \\<b>":   "<p><code>\\a</code> &lt;b&gt;</p>\n",
	} {
		if got := mdtest.ConvertTwice(t, md, src); got != want {
			t.Errorf("%q: got %q, want %q", src, got, want)
		}
	}
	plain := mdtest.New(escapeall.New(escapeall.Options{}))
	if got := mdtest.ConvertTwice(t, plain, `a\ b`); got != "<p>a b</p>\n" {
		t.Errorf("without nbsp: %q", got)
	}
}

func FuzzEscapeAll(f *testing.F) {
	f.Add("\\a\\ \\\n\\é\\")
	md := mdtest.New(escapeall.New(escapeall.Options{Nbsp: true}))
	f.Fuzz(func(t *testing.T, src string) { mdtest.ConvertTwice(t, md, src) })
}
