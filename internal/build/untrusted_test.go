package build

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"handbook/internal/markdown/untrusted"
	"handbook/internal/sitetest"
)

// hostilePage tries every way a page could run script.
const hostilePage = `# Page

Inline <script>alert(1)</script> and <img src=x onerror=alert(2)>.

<div markdown>
<b onmouseover="alert(3)">bold</b>
</div>

[a](javascript:alert(4)) [b](&#106;avascript:alert(5)) ![c](data:image/svg+xml,x) <javascript:alert(6)>

[d](https://example.org/){ onclick="alert(7)" } :smile:{ onclick="alert(8)" }

!!! note "<img src=x onerror=alert(9)>"
    Body <iframe src="javascript:alert(10)"></iframe>

=== "<b onclick=alert(11)>Tab</b>"
    Tab body.

Footnote[^1].

[^1]: <script>alert(12)</script>
`

// TestUntrustedSitesRunNoScriptFromContent: with security: {raw_html:
// false} (handbook.yaml) or extra: {security: {raw_html: false}}
// (mkdocs.yml), no page content runs script, raw HTML shows as text, and
// each change is a warning; without it raw HTML passes, as in MkDocs.
func TestUntrustedSitesRunNoScriptFromContent(t *testing.T) {
	for name, archive := range map[string]string{
		"handbook.yaml": "-- handbook.yaml --\ntitle: T\nsecurity:\n  raw_html: false\n-- content/index.md --\n" + hostilePage,
		"mkdocs.yml":    "-- mkdocs.yml --\nsite_name: T\nextra:\n  security:\n    raw_html: false\nmarkdown_extensions: [attr_list, md_in_html, admonition, pymdownx.superfences, pymdownx.tabbed, footnotes]\n-- docs/index.md --\n" + hostilePage,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			sitetest.WriteTxtar(t, dir, archive)
			res := Run(Options{Source: dir})
			if !res.OK() {
				t.Fatalf("build: %v", res.Diags)
			}
			article := articleOf(t, string(res.Files["index.html"]))
			if bad := scriptIn(article); bad != "" {
				t.Errorf("the article holds %s:\n%s", bad, article)
			}
			if !strings.Contains(article, "&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Errorf("raw HTML is not shown as text:\n%s", article)
			}
			warned := 0
			for _, d := range res.Diags {
				if d.Code == "untrusted" {
					warned++
				}
			}
			if warned < 8 {
				t.Errorf("%d warnings: %v", warned, res.Diags)
			}
		})
	}
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n"+hostilePage)
	res := Run(Options{Source: dir})
	if article := articleOf(t, string(res.Files["index.html"])); !strings.Contains(article, "<script>alert(1)</script>") {
		t.Errorf("by default raw HTML passes through:\n%s", article)
	}
}

func articleOf(t *testing.T, page string) string {
	t.Helper()
	start, end := strings.Index(page, `<article class="hb-article">`), strings.Index(page, "</article>")
	if start < 0 || end < start {
		t.Fatalf("no article in %.500s", page)
	}
	return page[start:end]
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
			case "script", "iframe", "object", "embed", "base", "meta", "form":
				return "a " + tok.Data + " element"
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") || untrusted.Dangerous(a.Val) {
					return "the attribute " + a.Key + "=" + a.Val
				}
			}
		}
	}
}
