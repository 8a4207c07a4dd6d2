package gfm

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// linkifyCases are texts around Linkify's edges: URLs, addresses and
// near misses, an "@" just within and just past the 64 characters an
// address's name may have, links inside links, triggers before them.
var linkifyCases = []string{
	"see http://example.com and https://example.com/a?b=c, or ftp://x.org.",
	"www.example.com/path www.x and wwwx.org (www.example.com)",
	"*http://a.b* _www.c.d_ ~https://e.f~ (ftp://g.h)",
	"mail me@example.com or x.y+z@sub.example.org. or @home or a@b",
	strings.Repeat("a", 63) + "@example.com " + strings.Repeat("b", 64) + "@example.com " + strings.Repeat("c", 65) + "@example.com",
	"[a link http://x.y](http://z.w) and <http://auto.link> text",
	"https:// http: ftp: www. @ a@ @b.c me@example.com-",
	"line one\nhttp://start.of/line\n  www.indented.org\nme@x.org\n",
	"HTTP://UPPER.CASE Www.Mixed.org é@example.com ünï@example.com",
	"`code http://no.link` and \\http://escaped.link",
}

func TestQuickLinkifyIsLinkify(t *testing.T) {
	ours, theirs := newLinkify(linkify{}), newLinkify(extension.Linkify)
	texts := append([]string(nil), linkifyCases...)
	// Random texts of the pieces links are made of.
	pieces := []string{"http", "https", "ftp", ":", "//", "www", ".", "@", "a", "example", "com", " ", "\n", "*", "_", "~", "(", ")", "-", "é", "[", "]", "<", ">", "`", "\\", "?", "!", ","}
	r := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		var b strings.Builder
		for range 1 + r.IntN(30) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for _, text := range texts {
		if got, want := convert(t, ours, text), convert(t, theirs, text); got != want {
			t.Errorf("%q:\n got %q\nwant %q", text, got, want)
		}
	}
}

func newLinkify(e goldmark.Extender) goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(e))
}

func convert(t *testing.T, md goldmark.Markdown, text string) string {
	t.Helper()
	var b bytes.Buffer
	if err := md.Convert([]byte(text), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func BenchmarkLinkifyProse(b *testing.B) {
	text := []byte(strings.Repeat("Candidate hiring tradeoff dynamodb strategy hiring metric amazon impact obsession see www.example.com and me@example.org.\n", 200))
	for _, c := range []struct {
		name string
		e    goldmark.Extender
	}{{"goldmark", extension.Linkify}, {"quick", linkify{}}} {
		md := newLinkify(c.e)
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if err := md.Convert(text, &bytes.Buffer{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
