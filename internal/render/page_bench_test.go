package render

import (
	"html/template"
	"strings"
	"testing"
)

// benchPageData is a page of the synthetic corpus as the build hands it
// to the template: a project without a config (the default features), a
// nav and content of its sizes, a table of contents, breadcrumbs, backlinks
// and the pager.
func benchPageData() *PageData {
	features := map[string]bool{}
	for _, f := range strings.Fields("announce.dismiss content.action.edit content.action.view content.code.annotate content.code.copy content.tabs.link navigation.footer navigation.indexes navigation.path navigation.top search.highlight search.share search.suggest toc.follow") {
		features[f] = true
	}
	d := &PageData{
		Site: SiteData{Title: "Handbook", Lang: "en", Features: features,
			FeatureList: "announce.dismiss content.action.edit content.action.view content.code.annotate content.code.copy content.tabs.link navigation.footer navigation.indexes navigation.path navigation.top search.highlight search.share search.suggest toc.follow"},
		Kind: "page", Title: "L6 Case Study 0-1: Velocity customer impact customer", Root: "../../",
		Description: "Impact roadmap backbone conflict postmortem tradeoff scale replica bar impact interview review result roadmap leadership",
		HasH1:       true,
		Content:     template.HTML(strings.Repeat("<p>Candidate hiring tradeoff dynamodb strategy hiring metric amazon impact obsession.</p>\n", 100)),
		Nav:         template.HTML(strings.Repeat(`<li class="hb-nav__item"><a href="../case-002/">L6 Case Study 0-2: Decision cache principle</a></li>`, 100)),
		Breadcrumbs: []Link{{Title: "Section 0", URL: "../../section-000/"}},
		Prev:        &Link{Title: "L6 Case Study 0-0: Principle metric loop ownership", URL: "../case-000/"},
		Next:        &Link{Title: "L6 Case Study 0-2: Raiser replica throughput scale", URL: "../case-002/"},
	}
	for i := range 4 {
		d.Backlinks = append(d.Backlinks, Link{Title: "L6 Case Study 2-93: Decision cache principle customer", URL: "../../section-002/case-09" + string(rune('0'+i)) + "/"})
	}
	for i := range 8 {
		d.TOC = append(d.TOC, TOCItem{Rank: 2 + i%2, ID: "l6-round-0-strategy-tradeoff-metric", Text: "L6 Round 0: Strategy tradeoff metric"})
	}
	return d
}

// BenchmarkPage renders one page with the default theme.
func BenchmarkPage(b *testing.B) {
	th, diags := LoadTheme("", "")
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	d := benchPageData()
	for b.Loop() {
		if _, err := th.Page(d); err != nil {
			b.Fatal(err)
		}
	}
}
