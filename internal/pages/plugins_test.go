package pages_test

import (
	"strings"
	"testing"

	"handbook/internal/build"
	"handbook/internal/sitetest"
)

// buildTxtar builds a site written as txtar and fails on errors.
func buildTxtar(t *testing.T, files string, opts build.Options) *build.Result {
	t.Helper()
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, files)
	opts.Source = dir
	res := build.Run(opts)
	if !res.OK() {
		t.Fatalf("build failed:\n%s", sitetest.Messages(res.Diags))
	}
	return res
}

// exclude_docs leaves files out, draft_docs makes drafts (built with
// --drafts), the exclude plugin's globs and regexes leave files out.
func TestExcludeDocsAndDraftDocs(t *testing.T) {
	site := `
-- mkdocs.yml --
site_name: T
exclude_docs: |
  drafts/
  *.tmp.md
  !keep.tmp.md
draft_docs: |
  wip-*.md
plugins:
  - exclude:
      glob: ["*/secret.md"]
      regex: ['.*\.private\.md']
-- docs/index.md --
# Home
-- docs/drafts/a.md --
# A
-- docs/x.tmp.md --
# X
-- docs/keep.tmp.md --
# Keep
-- docs/wip-idea.md --
# WIP
-- docs/deep/secret.md --
# Secret
-- docs/notes.private.md --
# Private
-- docs/drafts/img.png --
png
`
	res := buildTxtar(t, site, build.Options{})
	for _, gone := range []string{"drafts/a/index.html", "x.tmp/index.html", "wip-idea/index.html", "deep/secret/index.html", "notes.private/index.html", "drafts/img.png"} {
		if _, ok := res.Files[gone]; ok {
			t.Errorf("%s was built", gone)
		}
	}
	if _, ok := res.Files["keep.tmp/index.html"]; !ok {
		t.Error("keep.tmp.md, re-included with !, was not built")
	}
	if diags := sitetest.Messages(res.Diags); diags != "" {
		t.Errorf("diagnostics:\n%s", diags)
	}
	res = buildTxtar(t, site, build.Options{Drafts: true})
	if _, ok := res.Files["wip-idea/index.html"]; !ok {
		t.Error("a draft_docs page is not built with --drafts")
	}
}

// The redirects plugin writes a page at each old address that sends the
// reader on, keeping the anchor; no sitemap lists it.
func TestRedirectsKeepTheAnchor(t *testing.T) {
	res := buildTxtar(t, `
-- mkdocs.yml --
site_name: T
site_url: https://example.org/
plugins:
  - redirects:
      redirect_maps:
        old.md: guide/new.md
        older/page.md: guide/new.md#part
        gone.md: https://example.com/elsewhere/
        broken.md: nowhere.md
-- docs/index.md --
# Home
-- docs/guide/new.md --
# New

## Part
`, build.Options{})
	for file, target := range map[string]string{
		"old/index.html":        "../guide/new/",
		"older/page/index.html": "../../guide/new/#part",
		"gone/index.html":       "https://example.com/elsewhere/",
	} {
		page := string(res.Files[file])
		if !strings.Contains(page, `<meta http-equiv="refresh" content="0; url=`+target+`">`) || !strings.Contains(page, `location.hash`) {
			t.Errorf("%s does not redirect to %s keeping the anchor:\n%s", file, target, page)
		}
		if strings.Contains(string(res.Files["sitemap.xml"]), strings.TrimSuffix(file, "index.html")) {
			t.Errorf("the sitemap lists the redirect %s", file)
		}
	}
	if _, ok := res.Files["broken/index.html"]; ok {
		t.Error("a redirect to a page that does not exist was written")
	}
	if !strings.Contains(sitetest.Messages(res.Diags), "broken.md redirects to nowhere.md, which is not a page of the site") {
		t.Errorf("no warning for the broken redirect:\n%s", sitetest.Messages(res.Diags))
	}
}

// The tags plugin as Material makes it: a page's tags link to the index;
// the index is the page holding <!-- material/tags --> (the listing goes
// there), else tags_file, else a generated tags/ page.
func TestTagsIndexAndPageTags(t *testing.T) {
	pagesWithTags := `
-- docs/index.md --
---
tags: [Setup, Go]
---
# Home
-- docs/guide.md --
---
tags: [Go]
---
# Guide
`
	res := buildTxtar(t, "-- mkdocs.yml --\nsite_name: T\nplugins: [tags]\n"+pagesWithTags+`
-- docs/tags.md --
# All tags

Before.

<!-- material/tags -->

After.
`, build.Options{})
	index := string(res.Files["tags/index.html"])
	before, after := strings.Index(index, "<p>Before.</p>"), strings.Index(index, "<p>After.</p>")
	list := strings.Index(index, `<h2 id="go">Go</h2>`)
	if before < 0 || list < before || after < list {
		t.Errorf("the listing is not in place of the marker:\n%s", index)
	}
	if !strings.Contains(index, `<a href="../guide/">Guide</a>`) || !strings.Contains(index, `<a href="../">Home</a>`) {
		t.Errorf("the listing's links:\n%s", index)
	}
	guide := string(res.Files["guide/index.html"])
	if !strings.Contains(guide, `<a class="hb-tag" href="../tags/#go">Go</a>`) {
		t.Errorf("the page does not link its tag to the index:\n%s", guide)
	}

	res = buildTxtar(t, "-- mkdocs.yml --\nsite_name: T\nplugins:\n  - tags:\n      tags_file: list.md\n"+pagesWithTags+"-- docs/list.md --\n# Listed\n\nIntro.\n", build.Options{})
	if page := string(res.Files["list/index.html"]); !strings.Contains(page, "Intro.") || !strings.Contains(page, `<h2 id="setup">Setup</h2>`) {
		t.Errorf("tags_file page without the listing after its content:\n%s", page)
	}
	if _, ok := res.Files["tags/index.html"]; ok {
		t.Error("a tags/ page was generated beside the tags_file page")
	}
	if !strings.Contains(string(res.Files["index.html"]), `href="list/#setup"`) {
		t.Error("tags do not link to the tags_file page")
	}
}

// The glightbox plugin ships the lightbox from the site itself and
// switches the theme's script on; without it neither is there.
func TestGlightboxIsBundled(t *testing.T) {
	site := "-- docs/index.md --\n# Home\n\n![A chart](chart.png)\n-- docs/chart.png --\npng\n"
	res := buildTxtar(t, "-- mkdocs.yml --\nsite_name: T\nplugins: [glightbox]\n"+site, build.Options{})
	if res.Files["vendor/glightbox/glightbox.min.js"] == nil || res.Files["vendor/glightbox/glightbox.min.css"] == nil {
		t.Error("the lightbox is not in the site")
	}
	if !strings.Contains(string(res.Files["index.html"]), `data-hb-switches="glightbox"`) {
		t.Error("the page does not switch the lightbox on")
	}
	res = buildTxtar(t, "-- mkdocs.yml --\nsite_name: T\n"+site, build.Options{})
	if res.Files["vendor/glightbox/glightbox.min.js"] != nil || strings.Contains(string(res.Files["index.html"]), "glightbox") {
		t.Error("the lightbox is shipped without the plugin")
	}
}

// custom_dir's main.html: its announce block is the announcement bar, its
// extrahead block goes into every page's head.
func TestCustomDirMainHTMLBlocks(t *testing.T) {
	res := buildTxtar(t, `
-- mkdocs.yml --
site_name: T
theme:
  name: material
  custom_dir: overrides
  features: [announce.dismiss]
-- overrides/main.html --
{% extends "base.html" %}
{% block announce %}<strong>Version 2</strong> is out{% endblock %}
{% block extrahead %}<meta name="robots" content="noai">{% endblock %}
-- docs/index.md --
# Home
`, build.Options{})
	home := string(res.Files["index.html"])
	if !strings.Contains(home, `<div class="hb-announce" role="region" aria-label="Announcement"><div><strong>Version 2</strong> is out</div></div>`) {
		t.Errorf("no announcement bar from main.html:\n%s", home)
	}
	head := home[:strings.Index(home, "</head>")]
	if !strings.Contains(head, `<meta name="robots" content="noai">`) {
		t.Error("the extrahead block is not in the head")
	}
}

// theme.icon.admonition sets an admonition type's icon, through the icon
// library (custom_dir/.icons included); a name that is no icon is a warning.
func TestAdmonitionIconsFromTheme(t *testing.T) {
	res := buildTxtar(t, `
-- mkdocs.yml --
site_name: T
theme:
  name: material
  custom_dir: overrides
  icon:
    admonition:
      note: octicons/tag-16
      tip: mine/bulb
    repo: material/nothing-like-this
-- overrides/.icons/mine/bulb.svg --
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M1 1h2v2H1z"/></svg>
-- docs/index.md --
# Home

!!! tip
    Text :mine-bulb:
`, build.Options{})
	home := string(res.Files["index.html"])
	if !strings.Contains(home, `.admonition.note,details.note{--hb-adm-icon:url("data:image/svg+xml;charset=utf-8,`) ||
		!strings.Contains(home, `.admonition.tip,details.tip{--hb-adm-icon:url("data:image/svg+xml;charset=utf-8,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 viewBox=%220 0 24 24%22%3E%3Cpath d=%22M1 1h2v2H1z%22/%3E%3C/svg%3E")}`) {
		t.Errorf("admonition icons not set:\n%s", home[:strings.Index(home, "</head>")])
	}
	if !strings.Contains(home, `<path d="M1 1h2v2H1z"/>`) {
		t.Error("the custom icon shortcode is not inlined")
	}
	if !strings.Contains(sitetest.Messages(res.Diags), `theme.icon.repo: icon "material/nothing-like-this" does not exist`) {
		t.Errorf("no warning for an unknown icon:\n%s", sitetest.Messages(res.Diags))
	}
}
