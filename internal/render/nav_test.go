package render

import (
	"strings"
	"testing"

	"handbook/internal/site"
)

// navTree: Home, Guide (index page; Setup, Deep (Inner)), API (Ref).
func navTree() (root, setup, ref *site.NavNode) {
	root = &site.NavNode{}
	home := &site.NavNode{Title: "Home", Page: &site.Page{URL: "", Title: "Home"}, Parent: root}
	guide := &site.NavNode{Title: "Guide", Page: &site.Page{URL: "guide/", Title: "Guide overview"}, Parent: root}
	setup = &site.NavNode{Title: "Setup", Page: &site.Page{URL: "guide/setup/"}, Parent: guide}
	deep := &site.NavNode{Title: "Deep", Parent: guide}
	deep.Children = []*site.NavNode{{Title: "Inner", Page: &site.Page{URL: "guide/deep/inner/"}, Parent: deep}}
	guide.Children = []*site.NavNode{setup, deep}
	api := &site.NavNode{Title: "API", Parent: root}
	ref = &site.NavNode{Title: "Ref", Page: &site.Page{URL: "api/ref/"}, Parent: api}
	api.Children = []*site.NavNode{ref}
	root.Children = []*site.NavNode{home, guide, api}
	return root, setup, ref
}

func TestNavOptions(t *testing.T) {
	root, setup, _ := navTree()
	r := NewNavRenderer(root)
	r.Options.Indexes = true
	plain := r.For(setup, "../../")
	if strings.Contains(plain, "Inner") || strings.Contains(plain, "Ref") {
		t.Errorf("only the current branch is open by default:\n%s", plain)
	}
	if !strings.Contains(plain, `<a href="../../guide/">Guide</a>`) {
		t.Errorf("navigation.indexes: the section links to its index page:\n%s", plain)
	}

	r = NewNavRenderer(root)
	r.Options = NavOptions{Expand: true}
	expanded := r.For(setup, "../../")
	if !strings.Contains(expanded, "Inner") || !strings.Contains(expanded, "Ref") {
		t.Errorf("navigation.expand opens every section:\n%s", expanded)
	}
	if !strings.Contains(expanded, `<span>Guide</span><ul><li><a href="../../guide/">Guide overview</a></li>`) {
		t.Errorf("without navigation.indexes the index page is the section's first item:\n%s", expanded)
	}

	r = NewNavRenderer(root)
	r.Options = NavOptions{Sections: true, Indexes: true}
	sections := r.For(setup, "../../")
	if !strings.Contains(sections, `class="hb-nav__section is-open hb-nav__group"`) || !strings.Contains(sections, "Ref") || strings.Contains(sections, "Inner") {
		t.Errorf("navigation.sections opens the top-level sections only, as groups:\n%s", sections)
	}
}

func TestTabsAndIntegratedTOC(t *testing.T) {
	root, setup, ref := navTree()
	r := NewNavRenderer(root)
	tabs := r.Tabs(setup, "../../")
	if len(tabs) != 3 || tabs[0].URL != "../../" || !tabs[1].Current || tabs[2].URL != "../../api/ref/" || tabs[2].Current {
		t.Errorf("tabs %+v", tabs)
	}
	if tabs := r.Tabs(ref, "../../"); !tabs[2].Current {
		t.Errorf("the API tab is not current on its page: %+v", tabs)
	}
	nav := r.For(setup, "../../")
	got := IntegrateTOC(nav, []TOCItem{{Rank: 2, ID: "install", Text: "Install"}})
	if !strings.Contains(got, `aria-current="page">Setup</a><ul class="hb-nav__toc">`) || !strings.Contains(got, `href="#install"`) {
		t.Errorf("the table of contents is not under the current page:\n%s", got)
	}
}

// A tab to a top-level page whose name holds a colon is a path, never a
// scheme: urlpath.Join puts "./" before it on the home page.
func TestTabURLNeverAScheme(t *testing.T) {
	root := &site.NavNode{}
	home := &site.NavNode{Title: "Home", Page: &site.Page{URL: ""}, Parent: root}
	odd := &site.NavNode{Title: "Odd", Page: &site.Page{URL: "javascript:alert(1)/"}, Parent: root}
	root.Children = []*site.NavNode{home, odd}
	tabs := NewNavRenderer(root).Tabs(home, "")
	if tabs[1].URL != "./javascript:alert(1)/" {
		t.Errorf("the tab's URL is %q, want ./javascript:alert(1)/", tabs[1].URL)
	}
}

// TestNavForgetKeepsNoNavs: Forget lets go of every nav worked out, and
// For then works each out again, the same.
func TestNavForgetKeepsNoNavs(t *testing.T) {
	root, setup, ref := navTree()
	r := NewNavRenderer(root)
	before := []string{r.For(setup, "../../"), r.For(ref, "../../"), r.For(nil, "")}
	if len(r.cache) != 3 {
		t.Fatalf("%d navs kept, want one for each of the three branches asked for", len(r.cache))
	}
	r.Forget()
	if len(r.cache) != 0 {
		t.Fatalf("%d navs kept after Forget", len(r.cache))
	}
	after := []string{r.For(setup, "../../"), r.For(ref, "../../"), r.For(nil, "")}
	for i := range before {
		if before[i] != after[i] {
			t.Errorf("nav %d after Forget:\n%s\nwant\n%s", i, after[i], before[i])
		}
	}
}
