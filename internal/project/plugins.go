package project

// Plugins are the settings of the MkDocs plugins handbook honours (the
// switches Search and Tags are Config fields of their own).
type Plugins struct {
	// Search is the search plugin's options.
	Search struct {
		Separator string   // a regular expression splitting words ("" = handbook's)
		Lang      []string // the languages the index is for
	}
	// TagsFile is the tags plugin's tags_file: the page (docs-relative)
	// that lists every tag ("" = a generated tags/ page).
	TagsFile string
	// Blog is material/blog's options, or nil without the plugin.
	Blog *Blog
	// Redirects are the redirects plugin's redirect_maps: an old page
	// (docs-relative .md path) to its new place (a .md path, with an
	// optional anchor, or a full URL).
	Redirects map[string]string
	// Glightbox is on with the glightbox plugin: images open in a lightbox.
	Glightbox bool
	// Offline is on with Material's offline plugin: the build works from
	// disk as with --offline.
	Offline bool
	// MinifyHTML is the minify plugin's minify_html.
	MinifyHTML bool
	// Exclude are the exclude plugin's glob and regex options.
	ExcludeGlobs, ExcludeRegex []string
}

// Blog is the configuration of Material's blog plugin.
type Blog struct {
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

// DefaultBlog is the blog plugin with Material's defaults.
func DefaultBlog() *Blog {
	return &Blog{
		Dir: "blog", PostDir: "blog/posts", PostURLFormat: "{date}/{slug}", PostURLDateFormat: "yyyy/MM/dd",
		PostDateFormat: "long", PostSlugifySep: "-", PostExcerpt: "optional", ExcerptSeparator: "<!-- more -->",
		ReadTime: true, WordsPerMinute: 265,
		Archive: true, ArchiveName: "Archive", ArchiveDateFormat: "yyyy", ArchiveURLDate: "yyyy", ArchiveURLFormat: "archive/{date}",
		Categories: true, CategoriesName: "Categories", CategoriesURLFormat: "category/{slug}",
		Authors: true, AuthorsFile: "blog/.authors.yml",
		Pagination: true, PerPage: 10, PaginationURLFormat: "page/{page}", DraftOnServe: true,
	}
}
