package render

import (
	"html/template"
	"strings"
	"testing"
)

// The markup the link list functions replace, as page.html had it.
var linkTemplates = template.Must(template.New("").Funcs(template.FuncMap{"join": strings.Join}).Parse(
	`{{define "backlinks"}}{{range .}}<li{{with .Levels}} data-levels="{{join . " "}}"{{end}}><a href="{{.URL}}">{{.Title}}</a></li>{{end}}{{end}}` +
		`{{define "crumbs"}}{{range .}}<li>{{if .URL}}<a href="{{.URL}}">{{.Title}}</a>{{else}}{{.Title}}{{end}}</li>{{end}}{{end}}` +
		`{{define "pager"}}{{with .Prev}}<a class="hb-pager__prev" rel="prev" href="{{.URL}}" data-levels="{{join .Levels " "}}"><span class="hb-pager__dir">Previous</span><span class="hb-pager__title">{{.Title}}</span></a>{{end}}` +
		`{{with .Next}}<a class="hb-pager__next" rel="next" href="{{.URL}}" data-levels="{{join .Levels " "}}"><span class="hb-pager__dir">Next</span><span class="hb-pager__title">{{.Title}}</span></a>{{end}}{{end}}`))

func viaLinkTemplate(t *testing.T, name string, data any) string {
	t.Helper()
	var b strings.Builder
	if err := linkTemplates.ExecuteTemplate(&b, name, data); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// linkCases are links with what their escaping must get right: reserved
// and unreserved URL characters, valid and broken %-escapes, schemes
// (unsafe ones are filtered), markup and quotes in titles and levels,
// NUL, invalid UTF-8.
var linkCases = []Link{
	{Title: "Home", URL: "../../"},
	{Title: "C++ & \"Rust\" <vs> 'Go'", URL: "../a b/c?d=1&e=2+3#f", Levels: []string{"L6", "L7"}},
	{Title: "Café über 🚀", URL: "../café/%20x/%zz/%4", Levels: []string{`L"<&>'+`}},
	{Title: "nul\x00here bad \xff utf-8", URL: "javascript:alert(1)"},
	{Title: "", URL: "HTTPS://example.com/x?y=z;w,v*u$t!s@r[q]p~o'n(m)l\"k<j>i\\h^g`f{e}d|c"},
	{Title: "mail", URL: "mailto:me@example.com", Levels: []string{}},
	{Title: "data", URL: "data:text/html,x"},
	{Title: "relative colon", URL: "a/b:c"},
	{Title: "no URL", URL: ""},
	{Title: "control", URL: "\x00\x01\x7f\x80 \t\n"},
}

func TestLinkListsMatchTheTemplates(t *testing.T) {
	lists := [][]Link{nil, linkCases[:1], linkCases}
	for _, links := range lists {
		if got, want := string(backlinkItems(links)), viaLinkTemplate(t, "backlinks", links); got != want {
			t.Errorf("backlinks %+v:\n got %q\nwant %q", links, got, want)
		}
		if got, want := string(crumbItems(links)), viaLinkTemplate(t, "crumbs", links); got != want {
			t.Errorf("breadcrumbs %+v:\n got %q\nwant %q", links, got, want)
		}
	}
	pages := []PageData{{}}
	for i := range linkCases {
		pages = append(pages, PageData{Prev: &linkCases[i]}, PageData{Next: &linkCases[i]}, PageData{Prev: &linkCases[i], Next: &linkCases[len(linkCases)-1-i]})
	}
	for _, d := range pages {
		got := string(pagerLink("prev", "Previous", d.Prev) + pagerLink("next", "Next", d.Next))
		if want := viaLinkTemplate(t, "pager", d); got != want {
			t.Errorf("pager %+v %+v:\n got %q\nwant %q", d.Prev, d.Next, got, want)
		}
	}
}

func FuzzLinkLists(f *testing.F) {
	for _, l := range linkCases {
		f.Add(l.Title, l.URL, strings.Join(l.Levels, ","))
	}
	f.Fuzz(func(t *testing.T, title, url, levels string) {
		l := Link{Title: title, URL: url}
		if levels != "" {
			l.Levels = strings.Split(levels, ",")
		}
		links := []Link{l}
		if got, want := string(backlinkItems(links)), viaLinkTemplate(t, "backlinks", links); got != want {
			t.Fatalf("backlinks: got %q\nwant %q", got, want)
		}
		if got, want := string(crumbItems(links)), viaLinkTemplate(t, "crumbs", links); got != want {
			t.Fatalf("breadcrumbs: got %q\nwant %q", got, want)
		}
		d := PageData{Prev: &l, Next: &l}
		if got, want := string(pagerLink("prev", "Previous", d.Prev)+pagerLink("next", "Next", d.Next)), viaLinkTemplate(t, "pager", d); got != want {
			t.Fatalf("pager: got %q\nwant %q", got, want)
		}
	})
}

// The markup stylesheetLinks and scriptTags replace, as page.html had it.
var assetTemplates = template.Must(template.New("").Funcs(template.FuncMap{"asset": assetURL}).Parse(
	`{{define "css"}}<link rel="stylesheet" href="{{.Root}}{{.Assets.CSS}}">
{{- with .Assets.KindCSS}}
<link rel="stylesheet" href="{{$.Root}}{{.}}">{{end}}
{{- range .Assets.OptionalCSS}}
<link rel="stylesheet" href="{{$.Root}}{{.}}">{{end}}
{{- range .Site.ExtraCSS}}
<link rel="stylesheet" href="{{asset $.Root .}}">{{end}}{{end}}` +
		`{{define "js"}}<script src="{{.Root}}{{.Assets.JS}}" defer></script>
{{- with .Assets.KindJS}}
<script src="{{$.Root}}{{.}}" defer></script>{{end}}
{{- range .Assets.OptionalJS}}
<script src="{{$.Root}}{{.}}" defer></script>{{end}}
{{- range .Site.ExtraJS}}
<script src="{{asset $.Root .}}" defer></script>{{end}}{{end}}` +
		`{{define "icon"}}
{{- if .Site.Favicon}}
<link rel="icon" href="{{asset .Root .Site.Favicon}}">{{else}}
<link rel="icon" href="{{.Root}}{{.Assets.Icon}}" type="image/svg+xml">{{end}}
<link rel="manifest" href="{{.Root}}manifest.webmanifest">{{end}}`))

func checkAssetTags(t *testing.T, d *PageData) {
	t.Helper()
	for _, c := range []struct {
		name string
		got  template.HTML
	}{{"css", stylesheetLinks(d)}, {"js", scriptTags(d)}, {"icon", iconLinks(d)}} {
		var want strings.Builder
		if err := assetTemplates.ExecuteTemplate(&want, c.name, d); err != nil {
			t.Fatal(err)
		}
		if string(c.got) != want.String() {
			t.Errorf("%s of root %q, assets %+v, extra %q %q:\n got %q\nwant %q", c.name, d.Root, d.Assets, d.Site.ExtraCSS, d.Site.ExtraJS, c.got, want.String())
		}
	}
}

// assetCases are paths and roots with what their escaping must get right
// (see linkCases), full URLs and the site-relative paths assetURL joins.
var assetCases = []string{"", "assets/css/main.a1b2.css", "../../", "/abs/root/", "https://cdn.example.com/x.js?v=1&w=2",
	"//example.com/x.css", "javascript:alert(1)", "a b/c\"d<e>.css", "%zz%4/%20.js", "café/über.css", "\x00\x7f\xff"}

func TestAssetTagsMatchTheTemplate(t *testing.T) {
	checkAssetTags(t, &PageData{})
	for i, root := range assetCases {
		for j, p := range assetCases {
			other := assetCases[(i+j)%len(assetCases)]
			d := &PageData{Root: root, Assets: AssetPaths{CSS: p, JS: p, Icon: p, KindCSS: other, KindJS: other}}
			checkAssetTags(t, d)
			d.Site.Favicon = other
			checkAssetTags(t, d)
			d.Assets.OptionalCSS, d.Assets.OptionalJS = []string{p, other}, []string{other}
			d.Site.ExtraCSS, d.Site.ExtraJS = []string{other, p}, []string{p}
			checkAssetTags(t, d)
		}
	}
}

func FuzzAssetTags(f *testing.F) {
	for i, c := range assetCases {
		f.Add(c, assetCases[(i+1)%len(assetCases)], assetCases[(i+2)%len(assetCases)])
	}
	f.Fuzz(func(t *testing.T, root, path, extra string) {
		d := &PageData{Root: root, Assets: AssetPaths{CSS: path, JS: extra, Icon: path, KindCSS: extra, KindJS: path,
			OptionalCSS: []string{extra}, OptionalJS: []string{path, extra}}, Site: SiteData{ExtraCSS: []string{extra, path}, ExtraJS: []string{root + path}}}
		checkAssetTags(t, d)
		d.Site.Favicon = extra
		checkAssetTags(t, d)
	})
}
