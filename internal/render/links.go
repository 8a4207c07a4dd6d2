package render

import (
	"html/template"
	"strings"
)

// The lists of links every page shows (backlinks, breadcrumbs, the pager)
// are written by these functions rather than by ranges in page.html: each
// value a template writes costs a reflective call or three (html/template
// escapes it through functions called by reflection), and these lists are
// most of a page's values. Each writes the markup of the template range it
// replaces byte for byte, escaping as html/template does there;
// TestLinkListsMatchTheTemplates holds the two equal.

// backlinkItems writes a page's backlinks as
//
//	{{range .}}<li{{with .Levels}} data-levels="{{join . " "}}"{{end}}><a href="{{.URL}}">{{.Title}}</a></li>{{end}}
func backlinkItems(links []Link) template.HTML {
	var b strings.Builder
	for _, l := range links {
		b.WriteString("<li")
		if len(l.Levels) > 0 {
			b.WriteString(` data-levels="`)
			htmlEscape(&b, strings.Join(l.Levels, " "))
			b.WriteByte('"')
		}
		b.WriteString(`><a href="`)
		hrefEscape(&b, l.URL)
		b.WriteString(`">`)
		htmlEscape(&b, l.Title)
		b.WriteString("</a></li>")
	}
	return template.HTML(b.String())
}

// crumbItems writes the breadcrumbs as
//
//	{{range .}}<li>{{if .URL}}<a href="{{.URL}}">{{.Title}}</a>{{else}}{{.Title}}{{end}}</li>{{end}}
func crumbItems(links []Link) template.HTML {
	var b strings.Builder
	for _, l := range links {
		b.WriteString("<li>")
		if l.URL != "" {
			b.WriteString(`<a href="`)
			hrefEscape(&b, l.URL)
			b.WriteString(`">`)
			htmlEscape(&b, l.Title)
			b.WriteString("</a>")
		} else {
			htmlEscape(&b, l.Title)
		}
		b.WriteString("</li>")
	}
	return template.HTML(b.String())
}

// pagerLink writes the pager's link to the previous or next page (rel
// "prev" or "next", label "Previous" or "Next") as
//
//	<a class="hb-pager__{{rel}}" rel="{{rel}}" href="{{.URL}}" data-levels="{{join .Levels " "}}"><span class="hb-pager__dir">{{label}}</span><span class="hb-pager__title">{{.Title}}</span></a>
func pagerLink(rel, label string, l *Link) template.HTML {
	if l == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<a class="hb-pager__`)
	htmlEscape(&b, rel)
	b.WriteString(`" rel="`)
	htmlEscape(&b, rel)
	b.WriteString(`" href="`)
	hrefEscape(&b, l.URL)
	b.WriteString(`" data-levels="`)
	htmlEscape(&b, strings.Join(l.Levels, " "))
	b.WriteString(`"><span class="hb-pager__dir">`)
	htmlEscape(&b, label)
	b.WriteString(`</span><span class="hb-pager__title">`)
	htmlEscape(&b, l.Title)
	b.WriteString("</span></a>")
	return template.HTML(b.String())
}

// hrefEscape writes a string as html/template writes it as a whole
// href="…" value: a URL of another scheme than http, https or mailto
// replaced by "#ZgotmplZ", the rest percent-encoded but for what a URL
// may hold (valid %XX escapes kept), then escaped for the attribute.
func hrefEscape(b *strings.Builder, s string) {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		b.WriteString("#ZgotmplZ")
		return
	}
	const hex = "0123456789abcdef"
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9':
			continue
		case strings.IndexByte("-._~!#$*,/:;=?@[]", c) >= 0:
			continue
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		case c == '&':
			b.WriteString(s[last:i])
			b.WriteString("&amp;") // (the attribute's escaping)
		case c == '+':
			b.WriteString(s[last:i])
			b.WriteString("&#43;")
		default:
			b.WriteString(s[last:i])
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
		last = i + 1
	}
	b.WriteString(s[last:])
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// stylesheetLinks writes the page's stylesheets (the theme's, its kind's,
// its optional features', the site's extra_css) as
//
//	<link rel="stylesheet" href="{{.Root}}{{.Assets.CSS}}">
//	{{- with .Assets.KindCSS}}
//	<link rel="stylesheet" href="{{$.Root}}{{.}}">{{end}}
//	{{- range .Assets.OptionalCSS}}
//	<link rel="stylesheet" href="{{$.Root}}{{.}}">{{end}}
//	{{- range .Site.ExtraCSS}}
//	<link rel="stylesheet" href="{{asset $.Root .}}">{{end}}
func stylesheetLinks(d *PageData) template.HTML {
	return assetTags(d, `<link rel="stylesheet" href="`, `">`, d.Assets.CSS, d.Assets.KindCSS, d.Assets.OptionalCSS, d.Site.ExtraCSS)
}

// scriptTags writes the page's scripts (the theme's, its kind's, its
// optional features', the site's extra_javascript) as
//
//	<script src="{{.Root}}{{.Assets.JS}}" defer></script>
//	{{- with .Assets.KindJS}}
//	<script src="{{$.Root}}{{.}}" defer></script>{{end}}
//	{{- range .Assets.OptionalJS}}
//	<script src="{{$.Root}}{{.}}" defer></script>{{end}}
//	{{- range .Site.ExtraJS}}
//	<script src="{{asset $.Root .}}" defer></script>{{end}}
func scriptTags(d *PageData) template.HTML {
	return assetTags(d, `<script src="`, `" defer></script>`, d.Assets.JS, d.Assets.KindJS, d.Assets.OptionalJS, d.Site.ExtraJS)
}

// assetTags writes one tag (open, the URL, end) for the theme's asset,
// its kind's (when there is one), each optional feature's (all under the
// page's root) and each of the site's extras (site-relative or full URLs),
// one a line.
func assetTags(d *PageData, open, end, theme, kind string, optional, extra []string) template.HTML {
	var b strings.Builder
	tag := func(root, path string) {
		b.WriteString(open)
		hrefEscape(&b, root)
		hrefEscape(&b, path)
		b.WriteString(end)
	}
	tag(d.Root, theme)
	if kind != "" {
		b.WriteByte('\n')
		tag(d.Root, kind)
	}
	for _, p := range optional {
		b.WriteByte('\n')
		tag(d.Root, p)
	}
	for _, p := range extra {
		b.WriteByte('\n')
		tag("", assetURL(d.Root, p))
	}
	return template.HTML(b.String())
}

// iconLinks writes the page's icon and web app manifest links as
//
//	{{- if .Site.Favicon}}
//	<link rel="icon" href="{{asset .Root .Site.Favicon}}">{{else}}
//	<link rel="icon" href="{{.Root}}{{.Assets.Icon}}" type="image/svg+xml">{{end}}
//	<link rel="manifest" href="{{.Root}}manifest.webmanifest">
func iconLinks(d *PageData) template.HTML {
	var b strings.Builder
	if d.Site.Favicon != "" {
		b.WriteString("\n<link rel=\"icon\" href=\"")
		hrefEscape(&b, assetURL(d.Root, d.Site.Favicon))
		b.WriteString(`">`)
	} else {
		b.WriteString("\n<link rel=\"icon\" href=\"")
		hrefEscape(&b, d.Root)
		hrefEscape(&b, d.Assets.Icon)
		b.WriteString(`" type="image/svg+xml">`)
	}
	b.WriteString("\n<link rel=\"manifest\" href=\"")
	hrefEscape(&b, d.Root)
	b.WriteString(`manifest.webmanifest">`)
	return template.HTML(b.String())
}
