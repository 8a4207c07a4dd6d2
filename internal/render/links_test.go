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
