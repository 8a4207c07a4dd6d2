// Package mkdocs reads an existing MkDocs project's mkdocs.yml into
// handbook's configuration, so a Material for MkDocs site builds as it is,
// and writes the equivalent handbook.yaml for `handbook import`.
package project

import (
	"errors"
	"os"
	"path/filepath"

	"handbook/internal/diag"
	"handbook/internal/project/cfgtree"
	"handbook/internal/project/nav"
)

// Palette holds theme colours as CSS colours ("" = handbook's own).
type Palette struct {
	Primary string
	Accent  string
}

// Extra is what mkdocs.yml says that handbook's Config has no field for.
type Extra struct {
	// UseDirectoryURLs: true (MkDocs' default) makes pages x/index.html
	// linked as x/; false makes them x.html.
	UseDirectoryURLs bool
	// ExtraCSS and ExtraJS are local files, relative to the docs folder, to
	// copy and link on every page, in order. Remote URLs are left out (one
	// warning) unless AllowRemote.
	ExtraCSS, ExtraJS []string
	// AllowRemote is set by `extra: {handbook_allow_remote_assets: true}`:
	// the project accepts pages that load assets from other hosts.
	AllowRemote bool
	// Palette is theme.palette's primary and accent (the first scheme when
	// there are several), mapped from Material's colour names.
	Palette Palette
	// TocPermalink is toc's permalink option; TocPermalinkSymbol is its text
	// when given as a string (e.g. "#"), else "".
	TocPermalink       bool
	TocPermalinkSymbol string
	// TocDepth is toc's toc_depth: the deepest heading level listed in a
	// page's table of contents (6 when unset, as in Python-Markdown).
	TocDepth int
	// Extensions are the markdown_extensions handbook supports, in order.
	Extensions []string
	// Unsupported are the markdown_extensions and plugins handbook ignores.
	Unsupported []string
	// SearchPlugin is on when plugins lists search, or when there is no
	// plugins key (MkDocs' default); TagsPlugin when plugins lists tags.
	SearchPlugin, TagsPlugin bool
	SiteAuthor               string
	// RepoName labels the repository link (MkDocs derives "GitHub",
	// "GitLab" or "Bitbucket" from repo_url when unset).
	RepoName string
	// SiteURL is site_url as written (Config.BaseURL ends in "/").
	SiteURL string
	// ThemeName is theme.name ("material", "mkdocs", …).
	ThemeName string
}

// loadMkDocs reads mkdocs.yml (or zensical.toml). It never fails on MkDocs' YAML tags:
// !!python/name:…, !!python/object/apply:…, !ENV [VAR, default] and
// !relative parse without error (ENV resolved from the environment, with
// its default). Problems come back as diagnostics pointing into the file;
// the config is usable (defaults) even then.
func loadMkDocs(path string) *loader {
	data, err := os.ReadFile(path)
	if err != nil {
		l := newLoader(path)
		if errors.Is(err, os.ErrNotExist) {
			l.Diags.Errorf(path, 0, 0, "config", "cannot read MkDocs config: %s does not exist", path)
		} else {
			l.Diags.Errorf(path, 0, 0, "config", "cannot read MkDocs config: %v", err)
		}
		return l
	}
	return parse(path, data)
}

// loader carries one read of mkdocs.yml: the results, the diagnostics and
// the notes for the import report (what could not be carried over).
type loader struct {
	cfgtree.Reader        // the config's path, the diagnostics and the notes
	dir            string // folder of mkdocs.yml
	cfg            *Config
	extra          *Extra
	files          []string // the config files read: this one, then those it INHERITs from
}

func newLoader(path string) *loader {
	cfg := Default()
	cfg.Path = path
	cfg.ContentDir = "docs"
	cfg.Validation, cfg.Strict = MkDocsValidation, Strictness{}
	cfg.SocialCards = false // Material draws cards only with its social plugin
	return &loader{
		Reader: cfgtree.Reader{Path: path},
		dir:    filepath.Dir(path),
		cfg:    cfg,
		extra:  &Extra{UseDirectoryURLs: true, TocDepth: 6, SearchPlugin: true},
	}
}

func parse(path string, data []byte) *loader {
	l := newLoader(path)
	root := l.tree(path, data, nil)
	if root == nil {
		return l
	}
	l.read(root)
	l.apply()
	return l
}

// apply carries what Extra holds into the config keys handbook reads.
func (l *loader) apply() {
	c, e := l.cfg, l.extra
	c.Author, c.RepoName = e.SiteAuthor, e.RepoName
	dirURLs, permalink, search := e.UseDirectoryURLs, e.TocPermalink, e.SearchPlugin
	c.UseDirectoryURLs, c.TOC.Permalink, c.Search = &dirURLs, &permalink, &search
	c.ExtraCSS, c.ExtraJS, c.AllowRemoteAssets = e.ExtraCSS, e.ExtraJS, e.AllowRemote
	c.Palette.Primary, c.Palette.Accent = e.Palette.Primary, e.Palette.Accent
	c.TOC.PermalinkSymbol, c.TOC.Depth = e.TocPermalinkSymbol, e.TocDepth
	c.Tags = e.TagsPlugin
}

// read fills cfg and extra from the top-level mapping.
func (l *loader) read(root *cfgtree.Node) {
	l.warnUnknownKeys(root)
	l.readSite(root)
	l.readRepo(root)
	l.cfg.RawTheme, l.cfg.RawExtra = root.Get("theme"), root.Get("extra")
	l.readTheme(root.Get("theme"))
	l.readExtraMapping(root.Get("extra"))
	l.extra.ExtraCSS = l.assets(root, "extra_css")
	l.extra.ExtraJS = l.assets(root, "extra_javascript")
	l.warnRemoteAssets(root)
	l.readValidation(root)
	l.readExtensions(root)
	if isTOML(l.Path) && root.Get("markdown_extensions").IsNull() {
		l.readZensicalDefaults()
	}
	l.readPlugins(root)
	l.readDocRules(root)
	if list := root.Get("nav"); !list.IsNull() {
		l.cfg.Nav = nav.Read(&l.Reader, list)
	}
}

func (l *loader) readSite(root *cfgtree.Node) {
	if name := root.Get("site_name"); !name.IsNull() {
		l.cfg.Title = l.Str(name, "site_name")
	} else {
		l.Diags.Errorf(l.Path, 1, 1, "config", "mkdocs.yml has no site_name (MkDocs requires one)")
	}
	l.cfg.BaseURL = l.OptStr(root, "site_url")
	l.extra.SiteURL = l.cfg.BaseURL
	l.cfg.Description = l.OptStr(root, "site_description")
	l.extra.SiteAuthor = l.OptStr(root, "site_author")
	l.cfg.Copyright = l.OptStr(root, "copyright")
	if n := root.Get("site_dir"); !n.IsNull() {
		l.cfg.SiteDir = l.OptStr(root, "site_dir")
		file := n.File
		if file == "" {
			file = l.Path
		}
		l.cfg.SiteDirAt = diag.Diagnostic{Path: file, Line: n.Line, Col: n.Col, Severity: diag.Error, Code: "config"}
	}
	if dir := l.OptStr(root, "docs_dir"); dir != "" {
		l.cfg.ContentDir = filepath.ToSlash(filepath.Clean(dir))
	}
	if v := root.Get("use_directory_urls"); !v.IsNull() {
		l.extra.UseDirectoryURLs = l.Bool(v, "use_directory_urls")
	}
}

// contentPath is the file path of rel, a path relative to the docs folder
// (which is itself relative to mkdocs.yml's folder unless absolute).
func (l *loader) contentPath(rel string) string {
	dir := filepath.FromSlash(l.cfg.ContentDir)
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(l.dir, dir)
	}
	return filepath.Join(dir, filepath.FromSlash(rel))
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}
