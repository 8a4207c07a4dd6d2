package untrusted

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/testutil"
	"golang.org/x/net/html"

	"handbook/internal/markdown/attrs"
	"handbook/internal/markdown/mdtest"
)

func TestUntrusted(t *testing.T) {
	testutil.DoTestCaseFile(mdtest.New(attrs.Extension, Extension), "testdata/untrusted.txt", t)
}

func TestDangerous(t *testing.T) {
	for u, want := range map[string]bool{
		"javascript:alert(1)": true, " JavaScript:x": true, "java\tscript:x": true, "\x01javascript:x": true,
		"&#106;avascript:x": true, "javascript&colon;x": true, "vbscript:x": true, "DATA:text/html,x": true,
		"https://example.org/": false, "page.md": false, "./javascript:x/": false, "javascript%3Ax": false,
	} {
		if Dangerous(u) != want {
			t.Errorf("Dangerous(%q) = %v", u, !want)
		}
	}
}

// FuzzUntrusted: whatever the page holds, the HTML has no script element
// and no attribute that runs script (an event handler, a script URL).
func FuzzUntrusted(f *testing.F) {
	for _, s := range []string{"<script>x</script>", "[a](javascript:x)", "![a](data:x)", "<javascript:x>", "[a](b){ onclick=x }",
		"<div>\n<b onmouseover=x>x</b>\n</div>", "[a](<javascript:x>)", "<a href=\"javascript:x\">a</a>"} {
		f.Add(s)
	}
	md := mdtest.New(attrs.Extension, Extension)
	f.Fuzz(func(t *testing.T, src string) {
		out := mdtest.ConvertTwice(t, md, src)
		if bad := scriptIn(out); bad != "" {
			t.Fatalf("%q gave %q: %s", src, out, bad)
		}
	})
}

// scriptIn names the first thing in the HTML that runs script, or "".
func scriptIn(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "iframe", "object", "embed", "style", "svg", "math", "form", "base", "meta", "link":
				return "a " + tok.Data + " element"
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") || Dangerous(a.Val) {
					return "the attribute " + a.Key + "=" + a.Val
				}
			}
		}
	}
}
