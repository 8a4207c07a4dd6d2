// Package site loads the content folder into a site model: pages with their
// front matter, URLs and levels, the assets to copy, and the nav tree.
package site

import (
	"crypto/sha256"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"handbook/internal/par"
	"handbook/internal/pathspec"
	"handbook/internal/srctree"
	"handbook/internal/urlpath"

	"handbook/internal/diag"
	"handbook/internal/markdown"
	"handbook/internal/project"
)

// Page is one markdown file.
type Page struct {
	Src     string // content-relative slash path, e.g. "experiences/failure-case-studies.md"
	Abs     string // path on disk
	URL     string // site-relative URL, encoded (see urlpath): "experiences/failure-case-studies/", "" for the home page
	OutPath string // output file: "experiences/failure-case-studies/index.html"

	FM       FrontMatter
	Title    string   // front matter, else first H1 (set after conversion), else the file name
	Levels   []string // front matter, else inferred from path and title; empty = every level
	Body     []byte   // markdown after the front matter
	BodyLine int      // lines before the body, to map body positions back to the file
	BodyHash [32]byte // sha256 of Body, computed once when the file is read
	Source   []byte   // the whole file
	IsIndex  bool     // index.md or README.md: its folder's section page
}

// Asset is a non-markdown file copied as-is.
type Asset struct {
	Src string // content-relative slash path; also the output path
	Abs string
}

// Site is the loaded content.
type Site struct {
	Config *project.Config
	Root   string // site folder
	Pages  []*Page
	Assets []*Asset
	// Rules are exclude_docs, not_in_nav and draft_docs, compiled.
	Rules pathspec.Rules
	// NavByPlugin are pages a plugin places itself (blog posts, which
	// Material's blog plugin marks not_in_nav): never "not in the nav".
	NavByPlugin map[*Page]bool
	byPath      map[string]*Page
	assets      map[string]*Asset
	dirs        map[string]bool
	strict      bool // warnings of the validation kinds are errors (see Report)
	// meta are the .meta.yml files, shallowest first (see applyMeta).
	meta []metaFile
	// levelsReady: the site's levels are decided (see decideLevels), so a
	// page parsed from now on is checked against them at once.
	levelsReady bool
}

// Options control loading.
type Options struct {
	Drafts bool       // include pages with draft: true
	Cache  *LoadCache // reuse pages whose file did not change since the last load
	// Strict makes link and nav warnings errors (--strict), as the
	// config's strict does; NotStrict (--warn-links) keeps them warnings
	// whatever the config says.
	Strict, NotStrict bool
	// Exclude are folders never read, such as an output folder inside the
	// content folder (see srctree.Options).
	Exclude []string
}

// LoadCache remembers loaded pages by file, size and modification time, so
// a rebuild (in serve) reads and parses only the files that changed.
type LoadCache struct {
	mu sync.Mutex
	m  map[string]loadEntry
}

type loadEntry struct {
	read  time.Time // when the file was read
	mod   time.Time
	size  int64
	key   string // what else the parse depended on: the configured levels
	page  Page
	diags diag.List
}

func (c *LoadCache) get(abs string, info fs.FileInfo, key string) (*Page, diag.List, bool) {
	if c == nil || info == nil {
		return nil, nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[abs]
	if !ok || !e.mod.Equal(info.ModTime()) || e.size != info.Size() || e.key != key {
		return nil, nil, false
	}
	// A file modified just before it was read may be modified again within
	// the same timestamp tick, with the same size: such an entry proves
	// nothing, so the file is read again (git's "racily clean" rule).
	if e.read.Sub(e.mod) < 2*time.Second {
		return nil, nil, false
	}
	p := e.page // a copy: the build sets titles, levels and URLs on it
	return &p, e.diags, true
}

func (c *LoadCache) put(abs string, info fs.FileInfo, key string, p *Page, diags diag.List) {
	if c == nil || info == nil || p == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]loadEntry{}
	}
	c.m[abs] = loadEntry{read: time.Now(), mod: info.ModTime(), size: info.Size(), key: key, page: *p, diags: diags}
}

// Load reads every file under the content folder.
func Load(cfg *project.Config, root string, opts Options) (*Site, diag.List) {
	var diags diag.List
	s := &Site{Config: cfg, Root: root, byPath: map[string]*Page{}, assets: map[string]*Asset{}, dirs: map[string]bool{"": true}}
	s.strict = (cfg.Strict.On || opts.Strict) && !opts.NotStrict
	contentDir := filepath.FromSlash(cfg.ContentDir)
	if !filepath.IsAbs(contentDir) {
		contentDir = filepath.Join(root, contentDir)
	}
	info, err := os.Stat(contentDir)
	if err != nil || !info.IsDir() {
		diags.Errorf(filepath.ToSlash(contentDir), 0, 0, "content", "content folder %s not found (set content_dir in %s)", contentDir, project.FileName)
		return s, diags
	}
	rules, bad := pathspec.Compile(cfg.Docs.Exclude, cfg.Docs.NotInNav, cfg.Docs.Draft, cfg.Plugins.ExcludeGlobs, cfg.Plugins.ExcludeRegex)
	for _, msg := range bad {
		diags.Warnf(cfg.Path, 0, 0, "config", "%s", msg)
	}
	s.Rules = rules
	var files, metaFiles []string
	abs := map[string]string{}
	walkErr := srctree.Walk(contentDir, srctree.Options{
		Within:  []string{root},
		Exclude: opts.Exclude,
		Include: []string{MetaFile},
		Problem: func(rel, msg string) { diags.Warnf(urlpath.Shown(s.display(rel)), 0, 0, "symlink", "%s", msg) },
	}, func(e srctree.Entry) error {
		switch {
		case e.Rel == ".":
		case path.Base(e.Rel) == MetaFile && !e.IsDir():
			if usesMeta(cfg) {
				metaFiles = append(metaFiles, e.Rel)
			}
		case isBadName(e.Rel):
			r, _ := urlpath.BadName(e.Rel)
			diags.Errorf(urlpath.Shown(s.display(e.Rel)), 1, 1, "file-name", "the name holds the control character U+%04X, which no URL can carry: rename it (skipped)", r)
			if e.IsDir() {
				return srctree.SkipDir
			}
		case e.IsDir():
			s.dirs[e.Rel] = true
		case rules.Excluded(e.Rel): // exclude_docs, the exclude plugin
		default:
			files = append(files, e.Rel)
			abs[e.Rel] = e.Path
		}
		return nil
	})
	if walkErr != nil {
		diags.Errorf(filepath.ToSlash(contentDir), 0, 0, "read", "cannot read content folder: %v", walkErr)
	}
	sort.Strings(files)
	metaKey, d := s.readMeta(contentDir, metaFiles) // a page's front matter depends on them
	diags = append(diags, d...)
	loaded := make([]*Page, len(files))
	pageDiags := make([]diag.List, len(files))
	par.For(len(files), func(i int) {
		rel := files[i]
		if !strings.EqualFold(path.Ext(rel), ".md") {
			return
		}
		abs := abs[rel]
		info, _ := os.Stat(abs)
		if p, d, ok := opts.Cache.get(abs, info, metaKey); ok {
			loaded[i], pageDiags[i] = p, d
			return
		}
		loaded[i], pageDiags[i] = s.loadPage(rel, abs, cfg)
		opts.Cache.put(abs, info, metaKey, loaded[i], pageDiags[i])
	})
	for i, rel := range files {
		abs := abs[rel]
		if strings.EqualFold(path.Ext(rel), ".md") {
			diags = append(diags, pageDiags[i]...)
			if p := loaded[i]; p != nil && (!(p.FM.Draft || rules.IsDraft(rel)) || opts.Drafts) {
				s.Pages = append(s.Pages, p)
			}
			continue
		}
		a := &Asset{Src: rel, Abs: abs}
		s.Assets = append(s.Assets, a)
		s.assets[rel] = a
	}
	s.assignURLs(&diags)
	s.decideLevels()
	for _, p := range s.Pages {
		diags = append(diags, s.finishLevels(p)...)
	}
	s.levelsReady = true
	return s, diags
}

func isBadName(rel string) bool {
	_, bad := urlpath.BadName(rel)
	return bad
}

// display is the path shown in diagnostics: relative to the site root.
func (s *Site) display(rel string) string {
	return path.Join(filepath.ToSlash(s.Config.ContentDir), rel)
}

// Display returns the diagnostic path of a page.
func (s *Site) Display(p *Page) string { return s.display(p.Src) }

func (s *Site) loadPage(rel, abs string, cfg *project.Config) (*Page, diag.List) {
	src, err := os.ReadFile(abs)
	if err != nil {
		var diags diag.List
		diags.Errorf(s.display(rel), 0, 0, "read", "cannot read: %v", err)
		return nil, diags
	}
	p, diags := s.ParsePage(rel, src)
	p.Abs = abs
	return p, diags
}

// ParsePage makes a page from a file's bytes: its text is checked, its
// front matter read, and its body separated.
func (s *Site) ParsePage(rel string, src []byte) (*Page, diag.List) {
	var diags diag.List
	shown := s.display(rel)
	p := &Page{Src: rel, Source: src}
	diags = append(diags, checkText(shown, src)...)
	block, body, bodyLine, ok := splitFrontMatter(src)
	if ok {
		fm, d := parseFrontMatter(shown, block, s.Config)
		diags = append(diags, d...)
		p.FM = fm
	} else if unclosedFrontMatter(src) {
		diags.Errorf(shown, 1, 1, "front-matter", "front matter opened with --- is never closed: add a line holding --- after its last key")
	}
	p.Body, p.BodyLine = body, bodyLine
	p.BodyHash = sha256.Sum256(body)
	base := path.Base(rel)
	p.IsIndex = strings.EqualFold(base, "index.md") || strings.EqualFold(base, "readme.md")
	p.FM = s.applyMeta(rel, p.FM)
	p.Title = p.FM.Title
	if s.levelsReady {
		diags = append(diags, s.finishLevels(p)...)
	}
	return p, diags
}

func canonicalLevels(in []string, cfg *project.Config) []string {
	var out []string
	for _, id := range in {
		if l, ok := cfg.Level(id); ok && !slices.Contains(out, l.ID) {
			out = append(out, l.ID)
		}
	}
	return out
}

// checkText reports invalid UTF-8 (an error) and NUL or other control
// characters (warnings), each at its line and column, at most
// diag.MaxPerKind of each: the rest are counted in one line.
func checkText(shown string, src []byte) diag.List {
	var diags diag.List
	var tally diag.Tally
	line, col := 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			if tally.Keep(shown, "encoding", line, col, diag.Error) {
				diags.Errorf(shown, line, col, "encoding", "invalid UTF-8 byte 0x%02x (save the file as UTF-8)", src[i])
			}
		case r == 0:
			if tally.Keep(shown, "control-char", line, col, diag.Warning) {
				diags.Warnf(shown, line, col, "control-char", "NUL character (it is rendered as U+FFFD)")
			}
		case r < 0x20 && r != '\n' && r != '\t' && r != '\r' || r == 0x7f:
			if tally.Keep(shown, "control-char", line, col, diag.Warning) {
				diags.Warnf(shown, line, col, "control-char", "control character U+%04X", r)
			}
		}
		if r == '\n' {
			line++
			col = 1
		} else {
			col += size
		}
		i += size
	}
	tally.Flush(&diags)
	return diags
}

func (s *Site) assignURLs(diags *diag.List) {
	byURL := map[string]*Page{}
	kept := s.Pages[:0]
	for _, p := range s.Pages {
		p.URL = urlpath.Page(p.Src, s.Config.UseDirectoryURLs == nil || *s.Config.UseDirectoryURLs)
		p.OutPath = urlpath.OutPath(p.URL)
		if other := byURL[p.URL]; other != nil {
			// README.md yields to index.md in the same folder, as in MkDocs.
			if strings.EqualFold(path.Base(p.Src), "readme.md") {
				continue
			}
			if strings.EqualFold(path.Base(other.Src), "readme.md") {
				*other = *p
				s.byPath[p.Src] = other
				continue
			}
			diags.Errorf(s.display(p.Src), 1, 1, "url-conflict", "page has the same URL /%s as %s", p.URL, s.display(other.Src))
			continue
		}
		byURL[p.URL] = p
		s.byPath[p.Src] = p
		kept = append(kept, p)
	}
	s.Pages = kept
}

// Dirs lists the content folders, sorted.
func (s *Site) Dirs() []string {
	out := make([]string, 0, len(s.dirs))
	for d := range s.dirs {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

// Page returns the page with this content-relative path.
func (s *Site) Page(src string) *Page { return s.byPath[src] }

// Asset returns the asset with this content-relative path.
func (s *Site) Asset(src string) *Asset { return s.assets[src] }

// IsDir reports whether a content-relative folder exists.
func (s *Site) IsDir(rel string) bool { return s.dirs[strings.TrimSuffix(rel, "/")] }

// InferLevels sets the levels of pages without levels in their front matter
// from a level named in their path (file or folder name) or title.
func (s *Site) InferLevels() {
	if s.Config.InferLevels != nil && !*s.Config.InferLevels {
		return
	}
	ids := s.Config.LevelIDs()
	for _, p := range s.Pages {
		if p.FM.HasLevels {
			continue
		}
		var found []string
		for _, seg := range strings.Split(p.Src, "/") {
			seg = strings.TrimSuffix(seg, path.Ext(seg))
			if l := markdown.NamedLevel(seg, ids); l != "" && !slices.Contains(found, l) {
				found = append(found, l)
			}
		}
		if len(found) == 0 {
			if l := markdown.NamedLevel(p.Title, ids); l != "" {
				found = append(found, l)
			}
		}
		if len(found) == 1 {
			p.Levels = found
		}
	}
}

// Remove takes pages out of the site (such as blog drafts, once their
// front matter is read).
func (s *Site) Remove(pages ...*Page) {
	if len(pages) == 0 {
		return
	}
	gone := make(map[*Page]bool, len(pages))
	for _, p := range pages {
		gone[p] = true
		delete(s.byPath, p.Src)
	}
	s.Pages = slices.DeleteFunc(s.Pages, func(p *Page) bool { return gone[p] })
}
