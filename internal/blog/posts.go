package blog

import (
	"bytes"
	"errors"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"handbook/internal/diag"
	"handbook/internal/project"
	"handbook/internal/project/cfgtree"
	"handbook/internal/site"
	"handbook/internal/srctree"
	"handbook/internal/urlpath"
)

// readPostResult is a post as read, with what Load needs beyond Post.
type readPostResult struct {
	Post
	draft bool
}

// readPost reads a post's front matter: date (required; a date, or a
// mapping with created and updated), authors, categories, slug, draft,
// pin and readtime.
func readPost(s *site.Site, p *site.Page, bc *Config, authors map[string]Author) (*readPostResult, diag.List) {
	var diags diag.List
	shown := s.Display(p)
	source, body := p.Source, p.Body
	if source == nil { // (a build from the last one's state loads pages without their text)
		var err error
		if source, body, err = p.ReadSource(); err != nil {
			diags.Errorf(shown, 0, 0, "read", "cannot read: %v", err)
			return nil, diags
		}
	}
	fm := frontMatter(source, body)
	root, d := cfgtree.ParseYAML(shown, fm)
	for _, x := range d {
		x.Line++ // the block starts on the page's second line
		diags = append(diags, x)
	}
	if root == nil {
		return nil, diags
	}
	at := func(n *cfgtree.Node) (int, int) { return n.Line + 1, n.Col }
	r := &readPostResult{Post: Post{Page: p, Shown: shown}}
	date := root.Get("date")
	switch {
	case date.IsNull():
		diags.Errorf(shown, 1, 1, "blog", "blog post has no date: add date: YYYY-MM-DD to its front matter")
		return nil, diags
	case date.Kind == cfgtree.Map:
		created := date.Get("created")
		if created.IsNull() {
			l, c := at(date)
			diags.Errorf(shown, l, c, "blog", "blog post date has no created date")
			return nil, diags
		}
		r.Date, d = parseDate(shown, created, at)
		diags = append(diags, d...)
		if u := date.Get("updated"); !u.IsNull() {
			r.Updated, d = parseDate(shown, u, at)
			diags = append(diags, d...)
		}
	default:
		r.Date, d = parseDate(shown, date, at)
		diags = append(diags, d...)
	}
	if r.Date.IsZero() {
		return nil, diags
	}
	if a := root.Get("authors"); !a.IsNull() {
		for _, it := range listOf(a) {
			if _, ok := authors[it.Text]; !ok && bc.Authors {
				l, c := at(it)
				diags.Errorf(shown, l, c, "blog", "author %q is not in %s", it.Text, bc.AuthorsFile)
				continue
			}
			r.Authors = append(r.Authors, it.Text)
		}
	}
	if cs := root.Get("categories"); !cs.IsNull() {
		for _, it := range listOf(cs) {
			if ch, bad := urlpath.BadName(it.Text); bad {
				l, c := at(it)
				diags.Errorf(shown, l, c, "blog", "category \"%s\" has the control character %U, which no URL can hold", urlpath.Shown(it.Text), ch)
				continue
			}
			if len(bc.CategoriesAllowed) > 0 && !contains(bc.CategoriesAllowed, it.Text) {
				l, c := at(it)
				diags.Errorf(shown, l, c, "blog", "category %q is not one of categories_allowed", it.Text)
				continue
			}
			r.Categories = append(r.Categories, it.Text)
		}
	}
	r.draft = truthy(root.Get("draft"))
	r.Pin = truthy(root.Get("pin"))
	if rt := root.Get("readtime"); !rt.IsNull() {
		if n, err := strconv.Atoi(rt.Text); err == nil && n > 0 {
			r.ReadTime = n
		}
	}
	r.Slug = root.Get("slug").TextOr("")
	if ch, bad := urlpath.BadName(r.Slug); bad {
		l, c := at(root.Get("slug"))
		diags.Errorf(shown, l, c, "blog", "slug \"%s\" has the control character %U, which no URL can hold: the title's slug is used", urlpath.Shown(r.Slug), ch)
		r.Slug = ""
	}
	if r.Slug == "" {
		title := root.Get("title").TextOr("")
		if title == "" {
			title = firstHeading(body)
		}
		r.Slug = slugify(title, bc.PostSlugifySep)
	}
	if r.Slug == "" {
		r.Slug = strings.TrimSuffix(filepath.Base(p.Src), filepath.Ext(p.Src))
	}
	return r, diags
}

// frontMatter is the YAML between a page's "---" lines.
func frontMatter(source, body []byte) []byte {
	head := source[:len(source)-len(body)]
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[i+1:]
	} else {
		return nil
	}
	if i := bytes.LastIndex(bytes.TrimRight(head, "\r\n"), []byte("\n")); i >= 0 {
		return head[:i+1]
	}
	return nil // an empty block
}

func listOf(n *cfgtree.Node) []*cfgtree.Node {
	if n.Kind == cfgtree.Scalar {
		return []*cfgtree.Node{n}
	}
	return n.Items
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func truthy(n *cfgtree.Node) bool {
	if n.IsNull() || n.Kind != cfgtree.Scalar {
		return false
	}
	switch strings.ToLower(n.Text) {
	case "true", "yes", "on":
		return true
	}
	return false
}

var dateLayouts = []string{"2006-01-02", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05", "2006-01-02 15:04:05Z07:00"}

func parseDate(shown string, n *cfgtree.Node, at func(*cfgtree.Node) (int, int)) (time.Time, diag.List) {
	var diags diag.List
	text := strings.TrimSpace(n.Text)
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, text); err == nil {
			return t, nil
		}
	}
	l, c := at(n)
	diags.Errorf(shown, l, c, "blog", "blog post date %q is not a date (YYYY-MM-DD, optionally with a time)", text)
	return time.Time{}, diags
}

var headingRe = regexp.MustCompile(`(?m)^#[ \t]+(.+?)[ \t#]*(?:\{[^}]*\})?[ \t]*$`)

// firstHeading is the text of the body's first level-one ATX heading
// (outside code fences), for the slug of a post without a title.
func firstHeading(body []byte) string {
	inFence := false
	for _, line := range bytes.Split(body, []byte("\n")) {
		t := bytes.TrimSpace(line)
		if bytes.HasPrefix(t, []byte("```")) || bytes.HasPrefix(t, []byte("~~~")) {
			inFence = !inFence
			continue
		}
		if !inFence {
			if m := headingRe.FindSubmatch(line); m != nil {
				return string(m[1])
			}
		}
	}
	return ""
}

// readAuthors reads the authors file: a mapping under "authors" of ids
// to {name, description, avatar, url}. A missing file is no error (until
// a post names an author); a malformed one is, at its line.
func readAuthors(cfg *project.Config, bc *Config) (map[string]Author, diag.List) {
	var diags diag.List
	out := map[string]Author{}
	if !bc.Authors {
		return out, nil
	}
	file := filepath.Join(cfg.DocsDir(), filepath.FromSlash(bc.AuthorsFile))
	shown := filepath.ToSlash(filepath.Join(cfg.ContentDir, bc.AuthorsFile))
	data, err := srctree.ReadFile(file, cfg.DocsDir(), cfg.Root)
	if errors.Is(err, srctree.ErrOutside) {
		diags.Warnf(shown, 1, 1, "symlink", "%v", err)
		return out, diags
	}
	if err != nil {
		return out, nil
	}
	root, d := cfgtree.ParseYAML(shown, data)
	diags = append(diags, d...)
	if root == nil || root.IsNull() {
		return out, diags
	}
	authors := root.Get("authors")
	if root.Kind != cfgtree.Map || authors.IsNull() || authors.Kind != cfgtree.Map {
		diags.Errorf(shown, root.Line, root.Col, "blog", "the authors file must hold a mapping \"authors\" of ids to {name, description, avatar}")
		return out, diags
	}
	for i, k := range authors.Keys {
		v := authors.Vals[i]
		if v.Kind != cfgtree.Map {
			diags.Errorf(shown, v.Line, v.Col, "blog", "author %q must be a mapping with name, description and avatar", k.Text)
			continue
		}
		a := Author{ID: k.Text, Name: v.Get("name").TextOr(k.Text), Description: v.Get("description").TextOr(""),
			Avatar: v.Get("avatar").TextOr(""), URL: v.Get("url").TextOr("")}
		out[k.Text] = a
	}
	return out, diags
}
