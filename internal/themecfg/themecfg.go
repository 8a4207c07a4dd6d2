// Package themecfg reads the theme settings that change what a reader
// sees: Material for MkDocs' theme.features, palette, font, logo,
// favicon and theme.icon, and extra.social and extra.consent, from the
// config as internal/project keeps it. A handbook.yaml project has the
// same theme and extra keys; without theme.features it gets handbook's
// own set (HandbookFeatures).
package themecfg

// Theme is what a project's theme settings change for readers.
type Theme struct {
	// Features are the theme.features switched on (see Features).
	Features map[string]bool
	// Schemes are the palette's colour schemes, in toggle order (the
	// first is the default); none means handbook's own light and dark.
	Schemes []Scheme
	// Font is theme.font's text and code families; handbook bundles no
	// web fonts, so they are used only when the reader has them.
	Font struct{ Text, Code string }
	// Logo is an image in the docs folder (theme.logo); LogoIcon is
	// theme.icon.logo, an icon name.
	Logo, LogoIcon string
	// Favicon is an image in the docs folder (theme.favicon).
	Favicon string
	// Icons are the other theme.icon settings by key ("repo", "edit",
	// "view", "top", "admonition.note", …): icon names.
	Icons map[string]string
	// Social are extra.social's links, in order.
	Social []SocialLink
	// Consent is extra.consent, or nil.
	Consent *Consent
}

// Scheme is one entry of theme.palette.
type Scheme struct {
	Media   string // the media query it applies to, e.g. "(prefers-color-scheme: dark)"
	Scheme  string // "default" (light) or "slate" (dark)
	Primary string // a CSS colour, or "" for the theme's
	Accent  string
	// Toggle is the switch to the next scheme: its icon and label.
	ToggleIcon, ToggleName string
}

// SocialLink is one entry of extra.social.
type SocialLink struct{ Icon, Link, Name string }

// Consent is extra.consent: the cookie consent dialog's text.
type Consent struct {
	Title, Description string
	Actions            []string // "accept", "reject", "manage"
}

// Features lists the theme.features handbook honours, with what each does.
var Features = map[string]string{
	"navigation.tabs":       "top-level sections as tabs below the header",
	"navigation.sections":   "top-level sections as groups in the sidebar",
	"navigation.expand":     "every section of the sidebar expanded",
	"navigation.indexes":    "a section's index page is the section's link",
	"navigation.top":        "a back-to-top button",
	"navigation.footer":     "previous and next links at the foot of each page",
	"navigation.path":       "breadcrumbs above each page",
	"toc.integrate":         "the table of contents in the sidebar",
	"toc.follow":            "the table of contents scrolls to the section being read",
	"header.autohide":       "the header hides while scrolling down",
	"content.code.copy":     "copy buttons on code blocks",
	"content.code.annotate": "code annotations as buttons",
	"content.tabs.link":     "content tabs with the same label switch together",
	"content.action.edit":   "an edit link on each page",
	"content.action.view":   "a view-source link on each page",
	"announce.dismiss":      "the announcement bar can be dismissed",
	"search.highlight":      "search terms highlighted on the opened page",
	"search.suggest":        "search completes the word being typed",
	"search.share":          "a button copying a link to the search",
	"navigation.tracking":   "the address follows the section being read",
}

// BuiltInFeatures are features of Material that handbook's theme always
// has, so they are accepted without a warning.
var BuiltInFeatures = map[string]string{
	"navigation.instant":          "instant navigation",
	"navigation.instant.prefetch": "instant navigation prefetches on hover",
	"navigation.instant.progress": "instant navigation",
	"navigation.instant.preview":  "link previews",
	"navigation.prune":            "only the current page's branch of the nav is written",
	"navigation.tabs.sticky":      "the tabs stay visible",
	"content.tooltips":            "link previews",
	"content.footnote.tooltips":   "footnote previews",
}

// HandbookFeatures are the features of handbook's own theme as a
// handbook.yaml project has it.
var HandbookFeatures = []string{
	"navigation.indexes", "navigation.top", "navigation.footer", "navigation.path", "toc.follow",
	"content.code.copy", "content.code.annotate", "content.tabs.link", "content.action.edit", "content.action.view",
	"announce.dismiss", "search.highlight", "search.suggest", "search.share",
}

// Feature reports whether a theme feature is on.
func (t *Theme) Feature(name string) bool { return t.Features[name] }

func featureSet(names []string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
