package render

import (
	"bytes"
	"html/template"
	"strings"

	"handbook/internal/cache"
	"handbook/internal/urlpath"
)

// SiteData is what every page knows about the site.
type SiteData struct {
	Title       string
	Description string
	Lang        string
	RepoURL     string
	RepoName    string // the repository link's label in the header (owner/repo)
	Copyright   string
	Levels      []LevelData
	ExtraCSS    []string // stylesheets after the theme's: site-relative paths or full URLs
	ExtraJS     []string
	Accent      string // a CSS colour for links and highlights in the light theme, or ""

	// Theme settings (Material's theme.* and extra.*; see sitedata.New).
	Features      map[string]bool // theme.features that are on
	FeatureList   string          // the same, space-separated, for <html data-hb-switches>
	CopyrightHTML template.HTML   // the footer's copyright line (MkDocs' is HTML)
	Logo          string          // site-relative path of the logo image, or ""
	LogoSVG       template.HTML   // the logo icon (theme.icon.logo), or ""
	Favicon       string          // site-relative path of the favicon, or "" (the theme's)
	RepoSVG       template.HTML   // theme.icon.repo, or ""
	Social        []SocialLink    // extra.social
	Consent       *Consent        // extra.consent
	Schemes       []Scheme        // the palette's schemes; none: handbook's light and dark
	StyleCSS      template.CSS    // custom properties for the palette and fonts, or ""
	Announce      template.HTML   // custom_dir main.html's announce block, or ""
	ExtraHead     template.HTML   // custom_dir main.html's extrahead block, or ""
	// Optional are the theme's optional features the site has, whose
	// files every page loads (see Theme.OptionalJS): "navlists" when nav
	// lists are cut.
	Optional []string
}

// SocialLink is one of extra.social's links, with its icon.
type SocialLink struct {
	Link, Title string
	SVG         template.HTML
}

// Consent is the cookie consent dialog's text (extra.consent).
type Consent struct {
	Title       string
	Description template.HTML
	Actions     []string
}

// Scheme is one colour scheme the palette toggle goes through.
type Scheme struct {
	Index      int
	Kind       string // "light", "dark" or "auto" (follow the system)
	ToggleName string // the toggle's label while this scheme shows
	ToggleSVG  template.HTML
}

// LevelData is a configured level.
type LevelData struct {
	ID, Name, Description, Color string
	Ink                          string // text colour readable on Color
}

// Link is a titled URL (relative to the page).
type Link struct {
	Title  string
	URL    string
	Levels []string
}

// TOCItem is one entry of the on-this-page table of contents.
type TOCItem struct {
	Rank  int
	ID    string
	Text  string
	Level string
}

// AssetPaths are the theme's bundled files, relative to the site root.
type AssetPaths struct {
	CSS, JS, Icon string
	// KindCSS and KindJS are the page kind's own files, or "".
	KindCSS, KindJS string
	// OptionalCSS and OptionalJS are the files of the site's optional
	// features (SiteData.Optional).
	OptionalCSS, OptionalJS []string
}

// PageData is everything a page template can show.
type PageData struct {
	Site        SiteData
	Kind        string // "home", "page", "level", "levels", "404"
	IsHome      bool
	Title       string
	TitleID     string
	HasH1       bool // the content has its own H1
	Description string
	Root        string // relative URL of the site root: "../../", or an absolute path for 404.html
	Assets      AssetPaths
	Content     template.HTML
	Nav         template.HTML
	Tabs        []Tab // navigation.tabs: the top-level sections
	TOC         []TOCItem
	Breadcrumbs []Link
	Prev, Next  *Link
	Levels      []string
	Tags        []Link    // the page's tags, linked to the tags index
	Post        *PostMeta // a blog post's dates, authors, categories and read time
	// Added is what the build added to the page's own content (the tags
	// listing), which the render cache key covers.
	Added       string
	Backlinks   []Link
	EditURL     string
	ViewURL     string // the page's source shown in the repository
	LastUpdated string
	Canonical   string
	// HideNavigation and HideTags are what the page's front matter hides
	// that its template leaves out (Material's hide:; a hidden table of
	// contents, path or footer is data the page does not get).
	HideNavigation, HideTags bool
	// Drill is the question drill of a page of kind "drill", else nil.
	Drill  *DrillData
	Social *SocialImage // the page's Open Graph card, when there is one
}

// SocialImage is a page's Open Graph card: its full URL and text alternative.
type SocialImage struct{ URL, Alt string }

var funcs = template.FuncMap{
	"tocItems": tocItems,
	// The lists of links (see links.go).
	"backlinkItems": backlinkItems,
	"crumbItems":    crumbItems,
	"pagerLink":     pagerLink,
	// The page's stylesheets, scripts and icons (see links.go).
	"stylesheetLinks": stylesheetLinks,
	"scriptTags":      scriptTags,
	"iconLinks":       iconLinks,
	"join":            strings.Join,
	"lower":           strings.ToLower,
	"icon":            icon,
	"asset":           assetURL,
}

// assetURL is a site-relative asset path seen from a page (root is the
// page's relative root), or a full URL as it is.
func assetURL(root, p string) string {
	if strings.Contains(p, "://") || strings.HasPrefix(p, "//") {
		return p
	}
	return urlpath.Join(root, strings.TrimPrefix(p, "/"))
}

var icons = map[string]string{
	"menu": `<svg class="hb-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M3 6h18v2H3zm0 5h18v2H3zm0 5h18v2H3z"/></svg>`,
	// Octicons' "repo" (MIT): the repository link in the header.
	"repo":  `<svg class="hb-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M2 2.5A2.5 2.5 0 0 1 4.5 0h8.75a.75.75 0 0 1 .75.75v12.5a.75.75 0 0 1-.75.75h-2.5a.75.75 0 0 1 0-1.5h1.75v-2h-8a1 1 0 0 0-.714 1.7.75.75 0 1 1-1.072 1.05A2.495 2.495 0 0 1 2 11.5Zm10.5-1h-8a1 1 0 0 0-1 1v6.708A2.486 2.486 0 0 1 4.5 9h8ZM5 12.25a.25.25 0 0 1 .25-.25h3.5a.25.25 0 0 1 .25.25v3.25a.25.25 0 0 1-.4.2l-1.45-1.087a.249.249 0 0 0-.3 0L5.4 15.7a.25.25 0 0 1-.4-.2Z"/></svg>`,
	"theme": `<svg class="hb-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zm0 2v14a7 7 0 0 1 0-14z"/></svg>`,
}

func icon(name string) template.HTML { return template.HTML(icons[name]) }

// Page renders a page with the theme's page.html.
func (t *Theme) Page(d *PageData) ([]byte, error) { return t.AppendPage(nil, d) }

// AppendPage is Page writing into dst's room (its length is ignored), so
// that a caller done with one page's bytes can render the next into them.
func (t *Theme) AppendPage(dst []byte, d *PageData) ([]byte, error) {
	d.Assets = AssetPaths{CSS: t.CSS, JS: t.JS, Icon: t.Icon, KindCSS: t.KindCSS[d.Kind], KindJS: t.KindJS[d.Kind]}
	for _, f := range d.Site.Optional {
		if css, ok := t.OptionalCSS[f]; ok {
			d.Assets.OptionalCSS = append(d.Assets.OptionalCSS, css)
		}
		if js, ok := t.OptionalJS[f]; ok {
			d.Assets.OptionalJS = append(d.Assets.OptionalJS, js)
		}
	}
	buf := bytes.NewBuffer(dst[:0])
	buf.Grow(len(d.Content) + len(d.Nav) + 8192)
	if err := t.tmpl.ExecuteTemplate(buf, "page.html", d); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteKey writes everything the site data renders into a cache key:
// pages showing equal keys show the same site around their content.
func (d *SiteData) WriteKey(k *cache.KeyWriter) {
	k.Str(d.Title, d.Description, d.Lang, d.RepoURL, d.RepoName, d.Copyright, d.Accent)
	k.Str(string(d.Announce), string(d.ExtraHead))
	k.Str(d.FeatureList, string(d.CopyrightHTML), d.Logo, string(d.LogoSVG), d.Favicon, string(d.RepoSVG), string(d.StyleCSS))
	for _, s := range d.Social {
		k.Str(s.Link, s.Title, string(s.SVG))
	}
	if c := d.Consent; c != nil {
		k.Str(c.Title, string(c.Description)).Str(c.Actions...)
	}
	for _, s := range d.Schemes {
		k.Str(s.Kind, s.ToggleName, string(s.ToggleSVG))
	}
	k.Str(d.ExtraCSS...).Str("|").Str(d.ExtraJS...).Str("|").Str(d.Optional...)
	for _, l := range d.Levels {
		k.Str(l.ID, l.Name, l.Description, l.Color)
	}
}
