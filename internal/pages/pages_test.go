package pages

import (
	"testing"

	"handbook/internal/markdown"
	"handbook/internal/project"
	"handbook/internal/site"
)

func TestBreadcrumbsNameTheSectionsAbove(t *testing.T) {
	root := &site.NavNode{}
	home := &site.Page{URL: ""}
	guide := &site.NavNode{Title: "Guide", Page: home, Parent: root}
	part := &site.NavNode{Title: "Part", Parent: guide}
	leaf := &site.NavNode{Title: "Leaf", Page: &site.Page{URL: "guide/part/leaf/"}, Parent: part}
	got := Breadcrumbs(leaf, "../../../")
	if len(got) != 2 || got[0].Title != "Guide" || got[0].URL != "../../../" || got[1].Title != "Part" || got[1].URL != "" {
		t.Errorf("breadcrumbs %+v", got)
	}
	if got := Breadcrumbs(&site.NavNode{Title: "Home", Page: home, Parent: root}, "./"); len(got) != 0 {
		t.Errorf("a top-level page has no breadcrumbs: %+v", got)
	}
	if Breadcrumbs(nil, "") != nil {
		t.Error("a page outside the nav has no breadcrumbs")
	}
	// The home page as a section's page is linked as "./", not "".
	if got := Breadcrumbs(part, ""); len(got) != 1 || got[0].URL != "./" {
		t.Errorf("breadcrumbs to the home page: %+v", got)
	}
}

func TestDescriptionFallsBackInOrder(t *testing.T) {
	res := &markdown.Result{Sections: []markdown.Section{{Summary: ""}, {Summary: "First sentence."}}}
	p := &site.Page{}
	if got := Description(p, res, "Site"); got != "First sentence." {
		t.Errorf("from the page: %q", got)
	}
	p.FM.Description = "Own."
	if got := Description(p, res, "Site"); got != "Own." {
		t.Errorf("from front matter: %q", got)
	}
	if got := Description(&site.Page{}, &markdown.Result{}, "Site"); got != "Site" {
		t.Errorf("from the site: %q", got)
	}
}

func TestBasePathAndCanonical(t *testing.T) {
	for base, want := range map[string]string{"": "/", "https://x.org/": "/", "https://x.org/repo/": "/repo/", "https://x.org/repo": "/repo/"} {
		s := &Site{Config: &project.Config{BaseURL: base}}
		if got := s.BasePath(); got != want {
			t.Errorf("BasePath(%q) = %q, want %q", base, got, want)
		}
	}
	s := &Site{Config: &project.Config{BaseURL: "https://x.org/repo/"}}
	if got := s.Canonical("a/b/"); got != "https://x.org/repo/a/b/" {
		t.Errorf("canonical %q", got)
	}
	if got := (&Site{Config: &project.Config{}}).Canonical("a/"); got != "" {
		t.Errorf("no base URL, canonical %q", got)
	}
}
