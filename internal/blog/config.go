package blog

import (
	"path"
	"strconv"
	"strings"

	"handbook/internal/diag"
	"handbook/internal/project"
	"handbook/internal/project/cfgtree"
)

// Config is the configuration of Material's blog plugin.
type Config struct {
	Dir                 string // blog_dir, docs-relative ("blog")
	PostDir             string // post_dir, with {blog} expanded ("blog/posts")
	PostURLFormat       string // post_url_format ("{date}/{slug}")
	PostURLDateFormat   string // post_url_date_format ("yyyy/MM/dd")
	PostDateFormat      string // post_date_format ("long")
	PostSlugifySep      string // post_slugify_separator ("-")
	PostExcerpt         string // post_excerpt: "optional" or "required"
	ExcerptSeparator    string // post_excerpt_separator ("<!-- more -->")
	ReadTime            bool   // post_readtime
	WordsPerMinute      int    // post_readtime_words_per_minute (265)
	Archive             bool
	ArchiveName         string // "Archive"
	ArchiveDateFormat   string // "yyyy"
	ArchiveURLDate      string // archive_url_date_format ("yyyy")
	ArchiveURLFormat    string // "archive/{date}"
	Categories          bool
	CategoriesName      string // "Categories"
	CategoriesURLFormat string // "category/{slug}"
	CategoriesAllowed   []string
	Authors             bool
	AuthorsFile         string // with {blog} expanded ("blog/.authors.yml")
	Pagination          bool
	PerPage             int    // pagination_per_page (10)
	PaginationURLFormat string // "page/{page}"
	Draft               bool   // draft: publish drafts
	DraftOnServe        bool   // draft_on_serve
	DraftIfFutureDate   bool   // draft_if_future_date
	// Line and Col place the plugin in the config, for messages.
	Line, Col int
}

// DefaultConfig is the blog plugin with Material's defaults.
func DefaultConfig() *Config {
	return &Config{
		Dir: "blog", PostDir: "blog/posts", PostURLFormat: "{date}/{slug}", PostURLDateFormat: "yyyy/MM/dd",
		PostDateFormat: "long", PostSlugifySep: "-", PostExcerpt: "optional", ExcerptSeparator: "<!-- more -->",
		ReadTime: true, WordsPerMinute: 265,
		Archive: true, ArchiveName: "Archive", ArchiveDateFormat: "yyyy", ArchiveURLDate: "yyyy", ArchiveURLFormat: "archive/{date}",
		Categories: true, CategoriesName: "Categories", CategoriesURLFormat: "category/{slug}",
		Authors: true, AuthorsFile: "blog/.authors.yml",
		Pagination: true, PerPage: 10, PaginationURLFormat: "page/{page}", DraftOnServe: true,
	}
}

// ReadConfig reads material/blog's options over Material's defaults;
// a wrong value is an error at its line, an option handbook does not
// know a warning.
func ReadConfig(e *project.PluginEntry) (*Config, diag.List) {
	var diags diag.List
	opts, at := e.Options, e.At
	b := DefaultConfig()
	b.Line, b.Col = at.Line, at.Col
	strs := map[string]*string{
		"blog_dir": &b.Dir, "post_url_format": &b.PostURLFormat, "post_url_date_format": &b.PostURLDateFormat,
		"post_date_format": &b.PostDateFormat, "post_slugify_separator": &b.PostSlugifySep, "post_excerpt": &b.PostExcerpt,
		"post_excerpt_separator": &b.ExcerptSeparator, "archive_name": &b.ArchiveName, "archive_date_format": &b.ArchiveDateFormat,
		"archive_url_date_format": &b.ArchiveURLDate, "archive_url_format": &b.ArchiveURLFormat,
		"categories_name": &b.CategoriesName, "categories_url_format": &b.CategoriesURLFormat,
		"pagination_url_format": &b.PaginationURLFormat,
	}
	bools := map[string]*bool{
		"post_readtime": &b.ReadTime, "archive": &b.Archive, "categories": &b.Categories, "authors": &b.Authors,
		"pagination": &b.Pagination, "draft": &b.Draft, "draft_on_serve": &b.DraftOnServe, "draft_if_future_date": &b.DraftIfFutureDate,
	}
	ints := map[string]*int{"post_readtime_words_per_minute": &b.WordsPerMinute, "pagination_per_page": &b.PerPage}
	postDir, authorsFile := "{blog}/posts", "{blog}/.authors.yml"
	if opts != nil && opts.Kind == cfgtree.Map {
		for i, k := range opts.Keys {
			v := opts.Vals[i]
			switch {
			case strs[k.Text] != nil:
				*strs[k.Text] = text(v, "blog."+k.Text, e.File, &diags)
			case bools[k.Text] != nil:
				*bools[k.Text] = boolean(v, "blog."+k.Text, e.File, &diags)
			case ints[k.Text] != nil:
				if n, ok := integer(v, "blog."+k.Text, e.File, &diags); ok && n > 0 {
					*ints[k.Text] = n
				}
			case k.Text == "post_dir":
				postDir = text(v, "blog.post_dir", e.File, &diags)
			case k.Text == "authors_file":
				authorsFile = text(v, "blog.authors_file", e.File, &diags)
			case k.Text == "categories_allowed":
				b.CategoriesAllowed = texts(v)
			case k.Text == "enabled":
			default:
				diags.Warnf(e.File, k.Line, k.Col, "mkdocs-unsupported", "blog option %s is not supported by handbook (ignored)", k.Text)
			}
		}
	}
	b.Dir = strings.Trim(path.Clean("/"+b.Dir), "/")
	b.PostDir = strings.Trim(path.Clean("/"+strings.ReplaceAll(postDir, "{blog}", b.Dir)), "/")
	b.AuthorsFile = strings.Trim(path.Clean("/"+strings.ReplaceAll(authorsFile, "{blog}", b.Dir)), "/")
	return b, diags
}

func text(v *cfgtree.Node, what, file string, diags *diag.List) string {
	if v.Kind != cfgtree.Scalar {
		diags.Errorf(file, v.Line, v.Col, "config", "%s must be a string", what)
		return ""
	}
	return v.Text
}

func boolean(v *cfgtree.Node, what, file string, diags *diag.List) bool {
	if v.Kind == cfgtree.Scalar {
		switch strings.ToLower(v.Text) {
		case "true", "yes", "on":
			return true
		case "false", "no", "off", "":
			return false
		}
	}
	diags.Errorf(file, v.Line, v.Col, "config", "%s must be true or false", what)
	return false
}

func integer(v *cfgtree.Node, what, file string, diags *diag.List) (int, bool) {
	if v.Kind == cfgtree.Scalar {
		if n, err := strconv.Atoi(strings.TrimSpace(v.Text)); err == nil {
			return n, true
		}
	}
	diags.Errorf(file, v.Line, v.Col, "config", "%s must be a whole number", what)
	return 0, false
}

// texts lists a list's scalar items (or a scalar itself).
func texts(n *cfgtree.Node) []string {
	if n.Kind == cfgtree.Scalar {
		return []string{n.Text}
	}
	var out []string
	for _, it := range n.Items {
		if it.Kind == cfgtree.Scalar {
			out = append(out, it.Text)
		}
	}
	return out
}
