package render

import (
	"html/template"
	"strings"
	"testing"
)

// The markup tocItems replaces, as the theme's partial had it.
var tocTemplate = template.Must(template.New("toc").Parse(`{{- range .}}
<li class="hb-toc__item hb-toc__item--h{{.Rank}}"{{with .Level}} data-level="{{.}}"{{end}}><a href="#{{.ID}}">{{.Text}}</a></li>
{{- end}}`))

func viaTemplate(t *testing.T, items []TOCItem) string {
	t.Helper()
	var b strings.Builder
	if err := tocTemplate.Execute(&b, items); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestTOCItemsMatchTheTemplate(t *testing.T) {
	cases := [][]TOCItem{
		nil,
		{{Rank: 2, ID: "overview", Text: "Overview"}},
		{{Rank: 2, ID: "c-and-rust", Text: `C++ & "Rust" <vs> 'Go'`, Level: "L6"}, {Rank: 3, ID: "q_1.2~x", Text: "a=b`c"}},
		{{Rank: 4, ID: "café-über", Text: "Café über 🚀", Level: `L7"<&>'+`}},
		{{Rank: 2, ID: "a b/c?d#e%f&g=h+i:j;k@l[m]n!o$p*q,r'(s)", Text: "nul\x00here\ufffd and \u2028"}},
		{{Rank: 6, ID: "\xff\xfe", Text: "bad \xff utf-8"}},
	}
	for _, items := range cases {
		if got, want := string(tocItems(items)), viaTemplate(t, items); got != want {
			t.Errorf("items %+v:\n got %q\nwant %q", items, got, want)
		}
	}
}

func FuzzTOCItems(f *testing.F) {
	f.Add(2, "id", "Text", "L6")
	f.Add(3, "c++ & <x>", "\"'\x00", "")
	f.Fuzz(func(t *testing.T, rank int, id, text, level string) {
		items := []TOCItem{{Rank: rank, ID: id, Text: text, Level: level}}
		if got, want := string(tocItems(items)), viaTemplate(t, items); got != want {
			t.Fatalf("got %q\nwant %q", got, want)
		}
	})
}
