package mdhtml_test

import (
	"handbook/internal/markdown/mdtest"
	"testing"
)

func FuzzMarkdownInHTML(f *testing.F) {
	for _, seed := range []string{
		"<div class=\"grid\" markdown>\n**Bold**\n</div>\n",
		"<div markdown=\"1\">\n<div>\n<div markdown>\nx\n</div></div>\n</div>",
		"<section markdown='block' a=b c>\n```\n</section>\n```\ntext</section> tail\n",
		"<DIV markdown\n<div markdown=>\n<div markdown=\"\n",
		"<details markdown>\r\n<summary>S</summary>\r\n\r\nbody\r\n</details>",
		"<p markdown>*a*</p> tail\n\n<td markdown>`x`</td>\n<figure markdown=\"span\">\n![i](p.png)\n<figcaption>c</figcaption>\n</figure>\n<p markdown><p>\n</p></p>\n",
	} {
		f.Add(seed)
	}
	md := newMarkdown()
	f.Fuzz(func(t *testing.T, src string) {
		mdtest.ConvertTwice(t, md, src)
	})
}
