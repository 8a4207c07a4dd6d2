package project

import (
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"handbook/internal/project/cfgtree"

	"handbook/internal/diag"
	"handbook/internal/repoinfo"
)

// Format is the dialect of a config file.
type Format int

const (
	FormatHandbook Format = iota // handbook.yaml
	FormatMkDocs                 // mkdocs.yml, or any YAML with site_name
	FormatZensical               // zensical.toml
)

// Options say where a project is.
type Options struct {
	Source     string // the project folder (default ".")
	ConfigPath string // --config: a file of any name; its format comes from its extension and keys
	BaseURL    string // --base-url: overrides the config's
	ThemeDir   string // --theme: default SOURCE/theme
	// Repo is where a repo_url the config leaves out is looked for (the
	// environment, git: repoinfo.System); nil infers none.
	Repo *repoinfo.Sources
}

// searchOrder is where Load looks in the project folder, first found wins.
var searchOrder = []struct {
	name   string
	format Format
}{
	{FileName, FormatHandbook},
	{"mkdocs.yml", FormatMkDocs},
	{"mkdocs.yaml", FormatMkDocs},
	{"zensical.toml", FormatZensical},
	{"zensical.yml", FormatMkDocs},
}

// SearchOrder lists the config file names Load looks for, first found wins.
func SearchOrder() []string {
	names := make([]string, len(searchOrder))
	for i, c := range searchOrder {
		names[i] = c.name
	}
	return names
}

// Load finds and reads a project's config: handbook.yaml, else mkdocs.yml
// or mkdocs.yaml, else zensical.toml or zensical.yml in opts.Source, or
// the file opts.ConfigPath names. Every command loads the project through
// it. The config is usable (defaults) even when there are errors.
func Load(opts Options) (*Config, diag.List) {
	source := opts.Source
	if source == "" {
		source = "."
	}
	path, format := locate(source, opts.ConfigPath)
	var cfg *Config
	var diags diag.List
	if format == FormatHandbook {
		cfg, diags = loadHandbook(path, opts.ConfigPath != "")
	} else {
		l := loadMkDocs(path)
		cfg, diags = l.cfg, l.Diags
		cfg.MkDocs, cfg.Notes, cfg.Files = l.extra, dedupe(l.Notes), l.files
	}
	if cfg.Files == nil {
		cfg.Files = []string{path}
	}
	cfg.Format = format
	if opts.ConfigPath == "" {
		// Found in the project folder: messages name the file alone.
		shown := filepath.Base(path)
		cfg.Path = shown
		for i := range diags {
			if diags[i].Path == path {
				diags[i].Path = shown
			}
		}
		if cfg.SiteDirAt.Path == path {
			cfg.SiteDirAt.Path = shown
		}
	}
	cfg.Root = source
	if opts.ConfigPath != "" && format != FormatHandbook {
		cfg.Root = filepath.Dir(path) // MkDocs: docs_dir is relative to the config file
	}
	cfg.ThemeDir = opts.ThemeDir
	if cfg.ThemeDir == "" {
		cfg.ThemeDir = filepath.Join(source, "theme")
	}
	if cfg.CustomDir != "" && !filepath.IsAbs(cfg.CustomDir) {
		cfg.CustomDir = filepath.Join(filepath.Dir(path), cfg.CustomDir)
	}
	diags = append(diags, cfg.setBaseURL(opts.BaseURL)...)
	applyRepo(cfg, opts.Repo)
	return cfg, diags
}

// ParseMkDocs reads an MkDocs config held in memory (path names it in
// messages, and INHERIT is relative to it), as Load reads one from disk.
func ParseMkDocs(path string, data []byte) (*Config, diag.List) {
	l := parse(path, data)
	cfg := l.cfg
	cfg.MkDocs, cfg.Notes, cfg.Files, cfg.Format = l.extra, dedupe(l.Notes), l.files, FormatMkDocs
	return cfg, l.Diags
}

func dedupe(lines []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range lines {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// locate picks the config file and its format.
func locate(source, configPath string) (string, Format) {
	if configPath != "" {
		return configPath, formatOf(configPath)
	}
	for _, c := range searchOrder {
		p := filepath.Join(source, c.name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, c.format
		}
	}
	return filepath.Join(source, FileName), FormatHandbook
}

// formatOf tells a config file's format from its extension and keys: TOML
// is Zensical's; YAML with site_name (or INHERIT) is MkDocs'; YAML with
// handbook.yaml's keys is handbook's. A file that shows neither (empty,
// unreadable, invalid) goes by its name.
func formatOf(path string) Format {
	if isTOML(path) {
		return FormatZensical
	}
	if data, err := os.ReadFile(path); err == nil {
		if root, _ := cfgtree.ParseYAML(path, data); root != nil && root.Kind == cfgtree.Map {
			for _, k := range root.Keys {
				switch {
				case k.Text == "site_name" || k.Text == "INHERIT":
					return FormatMkDocs
				case knownKeys[k.Text] && !handledKeys[k.Text]:
					return FormatHandbook
				}
			}
		}
	}
	name := strings.ToLower(filepath.Base(path))
	if strings.HasPrefix(name, "mkdocs.") || strings.HasPrefix(name, "zensical.") {
		return FormatMkDocs
	}
	return FormatHandbook
}

// setBaseURL applies --base-url and checks the result is a full URL.
func (c *Config) setBaseURL(override string) diag.List {
	var diags diag.List
	if override != "" {
		c.BaseURL = override
	}
	if c.BaseURL != "" && !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	if c.BaseURL != "" {
		if u, err := url.Parse(c.BaseURL); err != nil || u.Scheme == "" || u.Host == "" {
			diags.Errorf(c.Path, 0, 0, "base-url", "base_url %q must be a full URL such as https://user.github.io/repo/", c.BaseURL)
		}
	}
	return diags
}

// DocsDir is the folder holding the pages (content_dir, MkDocs' docs_dir).
func (c *Config) DocsDir() string {
	dir := filepath.FromSlash(c.ContentDir)
	if filepath.IsAbs(dir) {
		return dir
	}
	return filepath.Join(c.Root, dir)
}

// OutDir is the folder a build writes when no --out is given: an MkDocs
// or Zensical project's site_dir (relative to its config file's folder,
// "site" by default, where `mkdocs build` and `zensical build` write it),
// a handbook project's public/.
func (c *Config) OutDir() string {
	if c.Format == FormatHandbook {
		return filepath.Join(c.Root, "public")
	}
	dir := filepath.FromSlash(c.SiteDir)
	if dir == "" {
		dir = "site"
	}
	if filepath.IsAbs(dir) {
		return dir
	}
	return filepath.Join(c.Root, dir)
}

// GuessOutDir is Load(opts).OutDir() for a project that does not set
// site_dir, worked out without reading its config (so the last build's
// output can be checked while the project loads).
func GuessOutDir(opts Options) string {
	source := opts.Source
	if source == "" {
		source = "."
	}
	path, format := locate(source, opts.ConfigPath)
	c := Config{Format: format, Root: source}
	if opts.ConfigPath != "" && format != FormatHandbook {
		c.Root = filepath.Dir(path)
	}
	return c.OutDir()
}

// Inputs lists what a build of the project reads, whether each exists yet
// or not (serve watches them, and picks up those made later): the docs
// folder, every config file of the INHERIT chain, the theme folder,
// theme.custom_dir, the extra_css and extra_javascript files and the
// snippet base paths.
func (c *Config) Inputs() []string {
	candidates := append([]string{c.DocsDir()}, c.Files...)
	candidates = append(candidates, c.ThemeDir, c.CustomDir)
	for _, a := range slices.Concat(c.ExtraCSS, c.ExtraJS) {
		if !strings.Contains(a, "://") && !strings.HasPrefix(a, "//") {
			candidates = append(candidates, filepath.Join(c.DocsDir(), filepath.FromSlash(a)))
		}
	}
	candidates = append(candidates, c.SnippetPaths...)
	var out []string
	for _, p := range candidates {
		if p == "" {
			continue
		}
		if abs, err := filepath.Abs(p); err == nil && !slices.Contains(out, abs) {
			out = append(out, abs)
		}
	}
	return out
}
