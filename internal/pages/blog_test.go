package pages_test

import (
	"strings"
	"testing"

	"handbook/internal/build"
	"handbook/internal/sitetest"
)

const blogSite = `
-- mkdocs.yml --
site_name: T
plugins:
  - blog:
      pagination_per_page: 2
-- docs/index.md --
# Home

[First post](blog/posts/first.md)
-- docs/blog/index.md --
# Blog
-- docs/blog/.authors.yml --
authors:
  ada:
    name: Ada Lovelace
    description: Analyst
    avatar: https://example.com/ada.png
-- docs/blog/posts/first.md --
---
date: 2024-03-05
authors: [ada]
categories: [Release Notes]
---
# The first post

The excerpt, with [a link](../../index.md) and ![img](pic.png).

<!-- more -->

The rest of the post.
-- docs/blog/posts/pic.png --
png
-- docs/blog/posts/second.md --
---
date:
  created: 2024-06-01
  updated: 2024-07-02
slug: custom-slug
categories: [Release Notes, Tips]
---
# Second

Whole post, no separator.
-- docs/blog/posts/third.md --
---
date: 2023-12-31 10:00:00
---
# Third of the year
-- docs/blog/posts/draft.md --
---
date: 2024-08-01
draft: true
---
# Not yet
`

// The blog plugin as Material makes it: posts at {date}/{slug} URLs,
// excerpts cut at <!-- more --> on a paginated index, archive and
// category pages, authors, read time, drafts left out.
func TestBlogPostsListingsAndURLs(t *testing.T) {
	res := buildTxtar(t, blogSite, build.Options{})
	for _, f := range []string{
		"blog/2024/03/05/the-first-post/index.html", "blog/2024/06/01/custom-slug/index.html", "blog/2023/12/31/third-of-the-year/index.html",
		"blog/page/2/index.html", "blog/archive/2024/index.html", "blog/archive/2023/index.html",
		"blog/category/release-notes/index.html", "blog/category/tips/index.html",
	} {
		if _, ok := res.Files[f]; !ok {
			t.Errorf("%s was not built", f)
		}
	}
	if _, ok := res.Files["blog/2024/08/01/not-yet/index.html"]; ok {
		t.Error("a draft post was built")
	}
	if home := string(res.Files["index.html"]); !strings.Contains(home, `href="blog/2024/03/05/the-first-post/"`) {
		t.Error("a link to a post does not reach its URL")
	}
	index := string(res.Files["blog/index.html"])
	second, first := strings.Index(index, ">Second</a>"), strings.Index(index, ">The first post</a>")
	if second < 0 || first < second || strings.Contains(index, "Third of the year") {
		t.Errorf("the index does not list the two newest posts, newest first:\n%s", index)
	}
	for _, want := range []string{
		`<a href="../">a link</a>`, `<img src="posts/pic.png"`, // rebased to the index
		`<time datetime="2024-03-05">March 5, 2024</time>`, "Updated <time datetime=\"2024-07-02\">July 2, 2024</time>",
		`<a href="category/release-notes/">Release Notes</a>`, "1 min read",
		`<span class="hb-avatar" aria-hidden="true">AL</span>Ada Lovelace`, // a remote avatar is not loaded
		`<a rel="next" href="page/2/">Older posts</a>`,
	} {
		if !strings.Contains(index, want) {
			t.Errorf("the index lacks %q", want)
		}
	}
	if strings.Contains(index, "The rest of the post.") || !strings.Contains(index, "Whole post, no separator.") {
		t.Error("excerpts not cut at the separator (or a post without one not shown whole)")
	}
	if strings.Contains(index, "example.com/ada.png") {
		t.Error("the remote avatar is linked")
	}
	if page2 := string(res.Files["blog/page/2/index.html"]); !strings.Contains(page2, "Third of the year") || !strings.Contains(page2, `rel="prev" href="../../"`) {
		t.Errorf("page 2 of the index:\n%s", page2)
	}
	if tips := string(res.Files["blog/category/tips/index.html"]); !strings.Contains(tips, ">Second</a>") || strings.Contains(tips, "The first post") {
		t.Error("the Tips category lists the wrong posts")
	}
	post := string(res.Files["blog/2024/03/05/the-first-post/index.html"])
	if !strings.Contains(post, "The rest of the post.") || !strings.Contains(post, `<img src="../../../../posts/pic.png"`) {
		t.Error("the post page is not the whole post with its own links")
	}
	if !strings.Contains(index, `<a href="../blog/archive/2024/">Archive</a>`) || !strings.Contains(index, `<a href="../blog/category/release-notes/">Categories</a>`) {
		t.Error("the blog's nav section has no archive and categories")
	}
	if archive := string(res.Files["blog/archive/2024/index.html"]); !strings.Contains(archive, `<a href="../../../blog/archive/2023/">2023</a>`) {
		t.Error("an archive page's nav does not list the other periods")
	}
	if a2023 := string(res.Files["blog/archive/2023/index.html"]); strings.Contains(a2023, ">Second</a>") || !strings.Contains(a2023, "Third of the year") {
		t.Error("the 2023 archive does not list exactly its post")
	}
	if res := buildTxtar(t, blogSite, build.Options{Drafts: true}); res.Files["blog/2024/08/01/not-yet/index.html"] == nil {
		t.Error("--drafts does not build a draft post")
	}
}

// A post without a date and a malformed authors file are errors at their
// line, and the build fails (so nothing is published).
func TestBlogBadInput(t *testing.T) {
	for name, c := range map[string]struct{ files, want string }{
		"no date":                       {"-- docs/blog/posts/p.md --\n---\ntitle: P\n---\n# P\n", "docs/blog/posts/p.md:1:1: blog post has no date"},
		"bad date":                      {"-- docs/blog/posts/p.md --\n---\ndate: soon\n---\n# P\n", `docs/blog/posts/p.md:2:7: blog post date "soon" is not a date`},
		"malformed authors":             {"-- docs/blog/.authors.yml --\nauthors:\n  ada: [unclosed\n-- docs/blog/posts/p.md --\n---\ndate: 2024-01-01\n---\n# P\n", "docs/blog/.authors.yml:2:"},
		"authors not a mapping":         {"-- docs/blog/.authors.yml --\n- ada\n-- docs/blog/posts/p.md --\n---\ndate: 2024-01-01\n---\n# P\n", "docs/blog/.authors.yml:1:1: the authors file must hold"},
		"unknown author":                {"-- docs/blog/posts/p.md --\n---\ndate: 2024-01-01\nauthors: [bob]\n---\n# P\n", `docs/blog/posts/p.md:3:11: author "bob" is not in blog/.authors.yml`},
		"control character in slug":     {"-- docs/blog/posts/p.md --\n---\ndate: 2024-01-01\nslug: \"a\\u0001b\"\n---\n# P\n", `docs/blog/posts/p.md:3:7: slug "a\x01b" has the control character U+0001`},
		"control character in category": {"-- docs/blog/posts/p.md --\n---\ndate: 2024-01-01\ncategories: [\"x\\ty\"]\n---\n# P\n", `docs/blog/posts/p.md:3:14: category "x\ty" has the control character U+0009`},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			sitetest.WriteTxtar(t, dir, "-- mkdocs.yml --\nsite_name: T\nplugins: [blog]\n-- docs/index.md --\n# Home\n-- docs/blog/index.md --\n# Blog\n"+c.files)
			res := build.Run(build.Options{Source: dir})
			if res.OK() {
				t.Fatal("the build succeeded")
			}
			if got := sitetest.Messages(res.Diags); !strings.Contains(got, c.want) {
				t.Errorf("diagnostics:\n%s\nwant one containing %q", got, c.want)
			}
		})
	}
}

// A post's slug and file name, and a category's name, become encoded URL
// paths like a page's: a slug holding "?", "#", "%" or a space is reached
// by its links, and one that looks like a scheme is never read as one.
func TestBlogURLsAreEncodedPaths(t *testing.T) {
	src := "-- mkdocs.yml --\nsite_name: T\nplugins:\n  - blog:\n      post_url_format: \"{slug}\"\n" +
		"-- docs/index.md --\n# Home\n-- docs/blog/index.md --\n# Blog\n" +
		"-- docs/blog/posts/p.md --\n---\ndate: 2024-01-01\nslug: \"a?b#c%d e\"\ncategories: [\"x?y\"]\n---\n# P\n" +
		"-- docs/blog/posts/q.md --\n---\ndate: 2024-01-02\nslug: \"javascript:alert(1)\"\n---\n# Q\n"
	res := buildTxtar(t, src, build.Options{})
	for _, f := range []string{"blog/a?b#c%d e/index.html", "blog/javascript:alert(1)/index.html"} {
		if _, ok := res.Files[f]; !ok {
			t.Errorf("%s was not built", f)
		}
	}
	index := string(res.Files["blog/index.html"])
	for _, want := range []string{`href="a%3Fb%23c%25d%20e/"`, `href="./javascript:alert%281%29/"`} {
		if !strings.Contains(index, want) {
			t.Errorf("the blog index lacks %s", want)
		}
	}
	if strings.Contains(index, `href="javascript:`) {
		t.Error("the blog index links a post with a javascript: URL")
	}
}

// Blog posts are placed by the blog plugin, which marks them not_in_nav
// as Material does: an explicit nav without them reports no post as left
// out, while another page left out is still a note.
func TestBlogPostsAreNotReportedOutOfTheNav(t *testing.T) {
	src := "-- mkdocs.yml --\nsite_name: T\nnav:\n  - index.md\n  - blog/index.md\nplugins: [blog]\n" +
		"-- docs/index.md --\n# Home\n-- docs/other.md --\n# Other\n-- docs/blog/index.md --\n# Blog\n" +
		"-- docs/blog/posts/p.md --\n---\ndate: 2024-01-01\n---\n# P\n"
	res := buildTxtar(t, src, build.Options{})
	got := sitetest.Messages(res.Diags)
	if strings.Contains(got, "blog/posts/p.md") {
		t.Errorf("the post is reported:\n%s", got)
	}
	if !strings.Contains(got, "docs/other.md:1:1: info: page is not in the nav") {
		t.Errorf("the page left out is not reported:\n%s", got)
	}
}
