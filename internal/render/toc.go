package render

import (
	"html/template"
	"strconv"
	"strings"
)

// tocItems renders the table of contents' list items: the markup of
//
//	{{range .}}<li class="hb-toc__item hb-toc__item--h{{.Rank}}"{{with .Level}} data-level="{{.}}"{{end}}><a href="#{{.ID}}">{{.Text}}</a></li>{{end}}
//
// byte for byte (each item on its own line), without html/template's
// per-value reflection and escaping calls, which cost a page more than the
// rest of its template. TestTOCItemsMatchTheTemplate holds the two equal.
func tocItems(items []TOCItem) template.HTML {
	var b strings.Builder
	for _, it := range items {
		b.WriteString("\n<li class=\"hb-toc__item hb-toc__item--h")
		b.WriteString(strconv.Itoa(it.Rank))
		b.WriteByte('"')
		if it.Level != "" {
			b.WriteString(` data-level="`)
			htmlEscape(&b, it.Level)
			b.WriteByte('"')
		}
		b.WriteString(`><a href="#`)
		urlEscape(&b, it.ID)
		b.WriteString(`">`)
		htmlEscape(&b, it.Text)
		b.WriteString("</a></li>")
	}
	return template.HTML(b.String())
}

// htmlEscape escapes text as html/template does in element content and
// quoted attribute values.
func htmlEscape(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var rep string
		switch s[i] {
		case 0:
			rep = "\uFFFD"
		case '"':
			rep = "&#34;"
		case '&':
			rep = "&amp;"
		case '\'':
			rep = "&#39;"
		case '+':
			rep = "&#43;"
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(rep)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// urlEscape percent-encodes a URL fragment as html/template does: every
// byte but ASCII letters, digits and -._~ (lower-case hex).
func urlEscape(b *strings.Builder, s string) {
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
}
