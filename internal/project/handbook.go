// Package config reads handbook.yaml: the site's title, URLs, nav and levels.
package project

import (
	"errors"
	"maps"
	"os"
	"slices"
	"strings"

	"handbook/internal/project/cfgtree"
	"handbook/internal/project/nav"

	"github.com/goccy/go-yaml/ast"

	"handbook/internal/diag"
)

// FileName is the config file looked for at the site root.
const FileName = "handbook.yaml"

// Level is one interview level readers prepare for.
type Level struct {
	ID          string `yaml:"id"`
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Color       string `yaml:"color"` // badge colour, any CSS colour
}

// NavItem is one entry of an explicit nav (see package nav, which reads it
// from any config).
type NavItem = nav.Item

// Config is handbook.yaml.
type Config struct {
	Title       string    `yaml:"title"`
	Description string    `yaml:"description"`
	BaseURL     string    `yaml:"base_url"`
	RepoURL     string    `yaml:"repo_url"`
	EditPath    string    `yaml:"edit_path"`
	ContentDir  string    `yaml:"content_dir"`
	Language    string    `yaml:"language"`
	Copyright   string    `yaml:"copyright"`
	Levels      []Level   `yaml:"levels"`
	InferLevels *bool     `yaml:"infer_levels"`
	Nav         []NavItem `yaml:"-"`
	// MarkdownExtensions are markdown_extensions as mkdocs.yml writes them:
	// the optional constructs and their options (see internal/mdconfig).
	MarkdownExtensions []Extension `yaml:"-"`

	// Keys that carry an MkDocs project over (see handbook import).
	Author            string   `yaml:"author"`
	RepoName          string   `yaml:"repo_name"`
	UseDirectoryURLs  *bool    `yaml:"use_directory_urls"` // default true: x.md → x/
	ExtraCSS          []string `yaml:"extra_css"`          // content-relative stylesheets linked after the theme's
	ExtraJS           []string `yaml:"extra_js"`
	AllowRemoteAssets bool     `yaml:"allow_remote_assets"`
	Palette           struct {
		Primary string `yaml:"primary"`
		Accent  string `yaml:"accent"`
	} `yaml:"palette"`
	TOC struct {
		Permalink       *bool  `yaml:"permalink"` // default true
		PermalinkSymbol string `yaml:"permalink_symbol"`
		Depth           int    `yaml:"depth"` // deepest heading rank in the page's table of contents (default 3)
	} `yaml:"toc"`
	Search *bool `yaml:"search"` // default true
	// RawTheme and RawExtra are the config's theme and extra as written,
	// in Material for MkDocs' shape (features, palette, font, logo,
	// favicon, icon; social, consent): internal/themecfg reads the
	// settings readers see. handbook.yaml may have them too.
	RawTheme, RawExtra *cfgtree.Node `yaml:"-"`
	// Plugins are the MkDocs plugins' settings handbook honours.
	Plugins Plugins `yaml:"-"`
	// Docs are the rules leaving files out of the site, out of the nav or
	// making them drafts (see Excluded).
	Docs DocRules `yaml:"-"`
	Tags bool     `yaml:"tags"` // write tags/ pages
	// SocialCards draws each page's Open Graph card (when base_url is
	// set): handbook.yaml's default, Material's social plugin elsewhere.
	SocialCards bool `yaml:"social_cards"`

	// Validation and Strict are MkDocs' validation levels and strict mode
	// (keys validation and strict, in MkDocs' shape, in handbook.yaml too):
	// how link and nav problems are reported. handbook.yaml's default is
	// strict: every one fails the build.
	Validation Validation `yaml:"-"`
	Strict     Strictness `yaml:"-"`
	// StatusTitles are the tooltips of page statuses (extra.status in
	// mkdocs.yml, status in handbook.yaml): new: Recently added.
	StatusTitles map[string]string `yaml:"status"`
	// Security: raw_html: false is for sites publishing untrusted
	// contributions (see SECURITY.md): raw HTML is shown as text, and
	// javascript:, data: and vbscript: URLs are dropped.
	Security struct {
		RawHTML *bool `yaml:"raw_html"` // default true: authors are trusted, as in MkDocs
	} `yaml:"security"`
	// NavListLimit is nav_list_limit (extra.nav_list_limit in mkdocs.yml
	// and zensical.toml), nil when unset: see NavLimit.
	NavListLimit *int `yaml:"-"`
	// SiteDir is mkdocs.yml's (or zensical.toml's) site_dir as written
	// ("" when unset): see OutDir.
	SiteDir string `yaml:"-"`
	// SiteDirAt is where site_dir is written (Path, Line, Col), for
	// messages about the folder it names.
	SiteDirAt diag.Diagnostic `yaml:"-"`

	// Path is the file the config was read from ("" for defaults), as
	// messages show it.
	Path string `yaml:"-"`

	// Set by Load: what a build of the project reads besides content.
	Format Format   `yaml:"-"`
	Root   string   `yaml:"-"` // the folder content_dir is relative to
	Files  []string `yaml:"-"` // every config file read: the INHERIT chain, child first
	// ThemeDir is the site's theme folder (--theme, else SOURCE/theme);
	// CustomDir is MkDocs' theme.custom_dir as a file path, or "".
	ThemeDir, CustomDir string `yaml:"-"`
	// SnippetPaths are the folders and files pages may include (such as
	// pymdownx.snippets' base_path): serve watches them, the build stamp
	// checks them.
	SnippetPaths []string `yaml:"-"`
	// MkDocs holds what an MkDocs or Zensical config says that Config has no
	// field for; Notes is what could not be carried over (handbook import).
	MkDocs *Extra   `yaml:"-"`
	Notes  []string `yaml:"-"`
}

var knownKeys = map[string]bool{
	"title": true, "description": true, "base_url": true, "repo_url": true, "edit_path": true,
	"content_dir": true, "language": true, "copyright": true, "levels": true, "infer_levels": true, "nav": true,
	"author": true, "repo_name": true, "use_directory_urls": true, "extra_css": true, "extra_js": true,
	"allow_remote_assets": true, "palette": true, "toc": true, "search": true, "tags": true,
	"markdown_extensions": true, "validation": true, "strict": true, "status": true,
	"theme": true, "extra": true, "social_cards": true,
	"security": true, "nav_list_limit": true,
}

// DefaultLevels are the levels of a project whose pages name levels in
// their front matter when its config names none (see DefaultLevelList).
var DefaultLevels = []Level{
	{ID: "L6", Name: "Software Development Manager (SDM)", Description: "Manages one to three teams of engineers; owns a product or service area and its results.", Color: "#1f6feb"},
	{ID: "L7", Name: "Senior Software Development Manager (Senior SDM)", Description: "Leads an organisation through managers; sets multi-year direction across several areas.", Color: "#8250df"},
}

// Default returns the configuration used when there is no handbook.yaml.
func Default() *Config {
	c := &Config{}
	handbookDefaults(c)
	c.fillDefaults()
	return c
}

// handbookDefaults are the settings of a handbook.yaml before it is read.
func handbookDefaults(c *Config) {
	c.Validation = HandbookValidation
	c.Strict = Strictness{On: true, Source: "handbook.yaml's default"}
	c.SocialCards = true
}

func (c *Config) fillDefaults() {
	if c.Title == "" {
		c.Title = "Handbook"
	}
	if c.ContentDir == "" {
		c.ContentDir = "content"
	}
	if c.Language == "" {
		c.Language = "en"
	}
	fillLevels(c.Levels)
	yes := true
	if c.InferLevels == nil {
		c.InferLevels = &yes
	}
	if c.UseDirectoryURLs == nil {
		c.UseDirectoryURLs = &yes
	}
	if c.TOC.Permalink == nil {
		c.TOC.Permalink = &yes
	}
	if c.TOC.Depth == 0 {
		c.TOC.Depth = 3
	}
	if c.Search == nil {
		c.Search = &yes
	}
}

// fillLevels gives a level without a colour the default's, and one
// without a name its id.
func fillLevels(levels []Level) {
	for i := range levels {
		if levels[i].Color == "" {
			levels[i].Color = DefaultLevels[i%len(DefaultLevels)].Color
		}
		if levels[i].Name == "" {
			levels[i].Name = levels[i].ID
		}
	}
}

// DefaultLevelList is a copy of DefaultLevels.
func DefaultLevelList() []Level { return append([]Level(nil), DefaultLevels...) }

// LevelIDs lists the configured level ids in order.
func (c *Config) LevelIDs() []string {
	ids := make([]string, len(c.Levels))
	for i, l := range c.Levels {
		ids[i] = l.ID
	}
	return ids
}

// Level returns the configured level with this id (case-insensitive).
func (c *Config) Level(id string) (Level, bool) {
	for _, l := range c.Levels {
		if strings.EqualFold(l.ID, id) {
			return l, true
		}
	}
	return Level{}, false
}

// loadHandbook reads a config file. A missing file at the default location is not an
// error (the caller passes required=false); problems come back as diagnostics.
func loadHandbook(path string, required bool) (*Config, diag.List) {
	var diags diag.List
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) && !required {
			return Default(), nil
		}
		diags.Errorf(path, 0, 0, "config", "cannot read config: %v", err)
		return Default(), diags
	}
	c, d := ParseHandbook(path, data)
	return c, d
}

// ParseHandbook reads a handbook.yaml held in memory; path names it in
// messages.
func ParseHandbook(path string, data []byte) (*Config, diag.List) {
	var diags diag.List
	c := &Config{Path: path}
	handbookDefaults(c)
	file, err := cfgtree.ParseYAMLFile(data)
	if err != nil {
		diags = append(diags, cfgtree.YAMLDiagnostic(path, err, 0))
		c.fillDefaults()
		return c, diags
	}
	if len(file.Docs) > 0 && file.Docs[0].Body != nil {
		body := file.Docs[0].Body
		m, ok := body.(*ast.MappingNode)
		if !ok {
			tk := body.GetToken()
			diags.Errorf(path, tk.Position.Line, tk.Position.Column, "config", "config must be a mapping of keys to values")
			c.fillDefaults()
			return c, diags
		}
		for _, kv := range m.Values {
			key := kv.Key.String()
			if !knownKeys[key] {
				tk := kv.Key.GetToken()
				diags.Warnf(path, tk.Position.Line, tk.Position.Column, "config-key", "unknown config key %q (known: %s)", key, strings.Join(slices.Sorted(maps.Keys(knownKeys)), ", "))
			}
		}
		if err := cfgtree.DecodeNode(body, c); err != nil {
			diags = append(diags, cfgtree.YAMLDiagnostic(path, err, 0))
		}
		c.Nav, diags = readNav(path, data, diags)
		diags = readHandbookExtensions(c, path, data, diags)
		diags = readHandbookValidation(c, path, data, diags)
		diags = readHandbookNavLimit(c, path, data, diags)
		c.RawTheme, c.RawExtra = readHandbookTheme(path, data)
	}
	for i, l := range c.Levels {
		if strings.TrimSpace(l.ID) == "" {
			diags.Errorf(path, 0, 0, "config", "levels[%d] has no id", i)
		}
	}
	c.Path = path
	c.fillDefaults()
	return c, diags
}

// Untrusted reports whether the site publishes untrusted contributions
// (security: {raw_html: false}).
func (c *Config) Untrusted() bool {
	return c.Security.RawHTML != nil && !*c.Security.RawHTML
}

// DefaultNavListLimit is the longest nav list a page shows whole when the
// config does not say (see NavLimit): longer than any list of the real
// sites this project is checked on (the longest, the 10,000-page
// synthetic corpus's top level, has 101 entries), and at about 90 bytes
// an entry a list of 18 KB.
const DefaultNavListLimit = 200

// NavLimit is the most entries a nav list shows whole on a page: a longer
// one shows a window of its entries around the page's own, with links to
// a page listing the whole nav (internal/pages). 0 shows every list whole.
func (c *Config) NavLimit() int {
	if c.NavListLimit == nil {
		return DefaultNavListLimit
	}
	return *c.NavListLimit
}
