package project

import "handbook/internal/project/cfgtree"

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
	// Blog is material/blog's entry in plugins (its options, read by
	// internal/blog), or nil without the plugin.
	Blog *PluginEntry
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

// PluginEntry is a plugin's options as written, for the package that
// reads them, and where it is named (for messages).
type PluginEntry struct {
	Options *cfgtree.Node // nil when none are given
	At      *cfgtree.Node
	File    string // the config file naming it
}
