// Package site loads the content folder into a site model: pages with their
// front matter, URLs and levels, the assets to copy, and the nav tree.
package site

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"handbook/internal/fileio"
	"handbook/internal/par"
	"handbook/internal/pathspec"
	"handbook/internal/srctree"
	"handbook/internal/urlpath"

	"handbook/internal/diag"
	"handbook/internal/markdown"
	"handbook/internal/project"
	"handbook/internal/site/frontmatter"
)

// Page is one markdown file.
type Page struct {
	Src     string // content-relative slash path, e.g. "experiences/failure-case-studies.md"
	Abs     string // path on disk
	URL     string // site-relative URL, encoded (see urlpath): "experiences/failure-case-studies/", "" for the home page
	OutPath string // output file: "experiences/failure-case-studies/index.html"

	FM       frontmatter.FrontMatter
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
	// meta are the .meta.yml files of an MkDocs or Zensical project.
	meta frontmatter.Meta
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
	// Stat, when set, gives the state of a file as found just before the
	// load (the build stamp's), instead of asking the system again; nil
	// when it does not know the file.
	Stat func(path string) *FileState
	// Listing, when set, gives the files and folders under the content
	// folder as a walk of it just before the load found them (the build
	// stamp's), with their states; false when it has no such listing. A
	// load given one does not walk the folder again.
	Listing func(contentDir string) ([]ListedFile, bool)
}

// ListedFile is a file or folder of a Listing: its path (the content
// folder joined with its path in it), and a file's state.
type ListedFile struct {
	Path  string
	Dir   bool
	State FileState
}

// FileState is a file's size and modification time.
type FileState struct {
	Size int64
	Mod  time.Time
}

// stat is the state of the file at p, nil when it cannot be read.
func (o Options) stat(p string) *FileState {
	if o.Cache == nil {
		return nil // (only the cache looks at it)
	}
	if o.Stat != nil {
		if st := o.Stat(p); st != nil {
			return st
		}
	}
	info, err := os.Stat(p)
	if err != nil {
		return nil
	}
	return &FileState{Size: info.Size(), Mod: info.ModTime()}
}

// LoadCache remembers loaded pages by file, size and modification time, so
// a rebuild (in serve) reads and parses only the files that changed.
type LoadCache struct {
	// NoText keeps pages without their text (Body, Source): a build
	// reading its cache from disk reads the text back when it needs it
	// (Page.LoadText) instead of holding every page's in memory.
	NoText bool

	mu  sync.Mutex
	m   map[string]loadEntry
	gen int // counts loads: Records lists the files of the last one
	// base are a saved state's records not in m (see RestoreRaw).
	base *loadBase
}

type loadEntry struct {
	read  time.Time // when the file was read
	mod   time.Time
	size  int64
	hash  [32]byte // of the whole file
	key   string   // what else the parse depended on: the configured levels
	page  Page
	diags diag.List
	gen   int    // the last load that found the file
	raw   []byte // the record as a saved state holds it (see LoadRecord.Raw)
}

// begin starts a load.
func (c *LoadCache) begin() {
	if c != nil {
		c.mu.Lock()
		c.gen++
		c.mu.Unlock()
	}
}

func (c *LoadCache) get(abs string, info *FileState, key string) (*Page, diag.List, bool) {
	if c == nil || info == nil {
		return nil, nil, false
	}
	c.mu.Lock()
	e, ok := c.m[abs]
	gen := c.gen
	if !ok {
		// (A saved state's record, decoded outside the lock.)
		c.mu.Unlock()
		i, ok := c.base.find(abs)
		if !ok {
			return nil, nil, false
		}
		e, ok := c.base.entry(i, abs)
		if !ok || !e.holds(info, key) {
			return nil, nil, false
		}
		c.base.foundBy(i, gen)
		p := e.page // (the page alone goes to the heap, not the whole entry)
		return &p, e.diags, true
	}
	defer c.mu.Unlock()
	if !e.holds(info, key) {
		return nil, nil, false
	}
	e.gen = gen
	c.m[abs] = e
	p := e.page // a copy: the build sets titles, levels and URLs on it
	return &p, e.diags, true
}

// holds reports whether the entry is still right for a file found in
// state info, parsed with key.
func (e *loadEntry) holds(info *FileState, key string) bool {
	if !e.mod.Equal(info.Mod) || e.size != info.Size || e.key != key {
		return false
	}
	// A file modified just before it was read may be modified again within
	// the same timestamp tick, with the same size: such an entry proves
	// nothing, so the file is read again (git's "racily clean" rule).
	return e.read.Sub(e.mod) >= 2*time.Second
}

// getByContent is get for a file read again: an entry of the same content
// is still right, and now holds the file's new state.
func (c *LoadCache) getByContent(abs string, info *FileState, key string, hash [32]byte) (*Page, diag.List, bool) {
	if c == nil || info == nil {
		return nil, nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[abs]
	if !ok {
		i, found := c.base.find(abs)
		if found {
			e, ok = c.base.entry(i, abs)
		}
	}
	if !ok || e.hash != hash || e.key != key {
		return nil, nil, false
	}
	e.read, e.mod, e.size, e.gen, e.raw = time.Now(), info.Mod, info.Size, c.gen, nil
	c.m[abs] = e
	c.base.shadow(abs)
	p := e.page
	return &p, e.diags, true
}

func (c *LoadCache) put(abs string, info *FileState, key string, hash [32]byte, p *Page, diags diag.List) {
	if c == nil || info == nil || p == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]loadEntry{}
	}
	e := loadEntry{read: time.Now(), mod: info.Mod, size: info.Size, hash: hash, key: key, page: *p, diags: diags, gen: c.gen}
	if c.NoText {
		e.page.Body, e.page.Source = nil, nil
	}
	c.m[abs] = e
	c.base.shadow(abs)
}

// LoadRecord is one file of a LoadCache as a build saves it for the next
// (see build's persistent state): its state when read and what its parse
// gave, without its text (Page.Body and Source are nil; LoadText reads
// them back).
type LoadRecord struct {
	Src             string // content-relative
	Size, Mod, Read int64  // Mod and Read in unix nanoseconds
	Hash            [32]byte
	Key             string
	Page            Page // Src, FM, Title, Levels, BodyLine, BodyHash, IsIndex
	Diags           diag.List
	// Raw is the record as the state it was restored from saved it (see
	// Restore), while it is the same: a state saves it again as it is.
	Raw []byte
}

// SavedLoad is one file's record as Records lists it: as the state it
// was restored from saved it (Raw), when it is the same, or else its
// record to save (Rec). (A large site's files are nearly all found as
// saved: a whole record each would be hundreds of bytes to gather.)
type SavedLoad struct {
	Src string // content-relative
	Raw []byte
	Rec *LoadRecord
}

// Records lists the files under contentDir found by the last load, sorted
// by path.
func (c *LoadCache) Records(contentDir string) []SavedLoad {
	c.mu.Lock()
	defer c.mu.Unlock()
	// The files are sorted by their paths first: a record is large to move.
	type file struct{ abs, src string }
	files := make([]file, 0, len(c.m))
	prefix := filepath.Clean(contentDir) + string(filepath.Separator)
	for abs, e := range c.m {
		if e.gen != c.gen {
			continue
		}
		// (A page's Src is its path in the content folder: one of it,
		// unless its folder was another.)
		rel, ok := strings.CutPrefix(abs, prefix)
		if !ok || filepath.ToSlash(rel) != e.page.Src {
			r, err := filepath.Rel(contentDir, abs)
			if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
				continue
			}
			rel = r
		}
		files = append(files, file{abs, filepath.ToSlash(rel)})
	}
	slices.SortFunc(files, func(a, b file) int { return strings.Compare(a.src, b.src) })
	out := make([]SavedLoad, len(files))
	for i, f := range files {
		e := c.m[f.abs]
		if e.raw != nil && f.src == e.page.Src {
			out[i] = SavedLoad{Src: f.src, Raw: e.raw}
			continue
		}
		p := e.page
		p.Abs, p.URL, p.OutPath, p.Body, p.Source = "", "", "", nil, nil
		out[i] = SavedLoad{Src: f.src, Rec: &LoadRecord{Src: f.src, Size: e.size, Mod: e.mod.UnixNano(), Read: e.read.UnixNano(),
			Hash: e.hash, Key: e.key, Page: p, Diags: e.diags}}
	}
	// The saved state's records found (under other paths than the map's,
	// which shadows them), merged in.
	found := c.base.found(c.gen)
	if len(found) == 0 {
		return out
	}
	merged := make([]SavedLoad, len(out)+len(found))
	k := 0
	for _, i := range found {
		for len(out) > 0 && out[0].Src <= c.base.srcs[i] {
			merged[k], out = out[0], out[1:]
			k++
		}
		merged[k] = SavedLoad{Src: c.base.srcs[i], Raw: c.base.raws[i]}
		k++
	}
	copy(merged[k:], out)
	return merged
}

// Restore adds saved records of files under contentDir.
func (c *LoadCache) Restore(contentDir string, recs []LoadRecord) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[string]loadEntry, len(recs))
	}
	for _, r := range recs {
		abs := filepath.Join(contentDir, filepath.FromSlash(r.Src))
		p := r.Page
		p.Src, p.Abs = r.Src, abs
		c.m[abs] = loadEntry{read: time.Unix(0, r.Read), mod: time.Unix(0, r.Mod), size: r.Size, hash: r.Hash, key: r.Key, page: p, diags: r.Diags, raw: r.Raw}
	}
}

// LoadText reads back the text of a page whose parse came from a cache
// (Body nil). It fails when the file no longer has the body that parse
// was made from: it changed during the build.
func (p *Page) LoadText() error {
	if p.Body != nil {
		return nil
	}
	body, err := p.ReadText()
	if err == nil {
		p.Body = body
	}
	return err
}

// ReadText reads the body of a page from its file (as LoadText, without
// keeping it on the page).
func (p *Page) ReadText() ([]byte, error) {
	_, body, err := p.ReadSource()
	return body, err
}

// ReadSource reads a page's whole file and its body (as Source and Body,
// without keeping them on the page); the body must be the one loaded.
func (p *Page) ReadSource() (source, body []byte, err error) {
	src, err := fileio.ReadFile(p.Abs)
	if err != nil {
		return nil, nil, err
	}
	_, body, bodyLine, ok := frontmatter.Split(src)
	if !ok {
		body, bodyLine = src, 0
	}
	if sha256.Sum256(body) != p.BodyHash || bodyLine != p.BodyLine {
		return nil, nil, fmt.Errorf("%s changed during the build", p.Abs)
	}
	return src, body, nil
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
	var files []found
	var metaFiles []string
	add := func(e srctree.Entry, state *FileState) error {
		switch {
		case e.Rel == ".":
		case path.Base(e.Rel) == frontmatter.MetaFile && !e.IsDir():
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
			files = append(files, found{e.Rel, e.Path, state})
		}
		return nil
	}
	listed, ok := listedFiles(opts, contentDir)
	if ok {
		files = make([]found, 0, len(listed)) // (at most: grown one by one, a large site's is copied a dozen times)
		for i := range listed {
			add(listed[i].entry, listed[i].state)
		}
	} else {
		walkErr := srctree.Walk(contentDir, srctree.Options{
			Within:  []string{root},
			Exclude: opts.Exclude,
			Include: []string{frontmatter.MetaFile},
			Problem: func(rel, msg string) { diags.Warnf(urlpath.Shown(s.display(rel)), 0, 0, "symlink", "%s", msg) },
			// Each page's state is read once, below (or comes from opts.Stat).
			NoFileInfo: true,
		}, func(e srctree.Entry) error { return add(e, nil) })
		if walkErr != nil {
			diags.Errorf(filepath.ToSlash(contentDir), 0, 0, "read", "cannot read content folder: %v", walkErr)
		}
	}
	slices.SortFunc(files, func(a, b found) int { return strings.Compare(a.rel, b.rel) })
	metaKey, d := s.readMeta(contentDir, metaFiles) // a page's front matter depends on them
	diags = append(diags, d...)
	loadKey := metaKey + "\x00" + fmt.Sprint(cfg.Levels)
	opts.Cache.begin()
	loaded := make([]*Page, len(files))
	pageDiags := make([]diag.List, len(files))
	par.For(len(files), func(i int) {
		rel := files[i].rel
		if !strings.EqualFold(path.Ext(rel), ".md") {
			return
		}
		abs := files[i].path
		info := files[i].state
		if info == nil {
			info = opts.stat(abs)
		}
		if p, d, ok := opts.Cache.get(abs, info, loadKey); ok {
			loaded[i], pageDiags[i] = p, d
			return
		}
		src, err := fileio.ReadFile(abs)
		if err != nil {
			pageDiags[i].Errorf(s.display(rel), 0, 0, "read", "cannot read: %v", err)
			return
		}
		hash := sha256.Sum256(src)
		if p, d, ok := opts.Cache.getByContent(abs, info, loadKey, hash); ok {
			loaded[i], pageDiags[i] = p, d
			return
		}
		p, d := s.parsePage(rel, src, &hash)
		p.Abs = abs
		loaded[i], pageDiags[i] = p, d
		opts.Cache.put(abs, info, loadKey, hash, p, d)
	})
	for i, f := range files {
		rel, abs := f.rel, f.path
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

// ParsePage makes a page from a file's bytes: its text is checked, its
// front matter read, and its body separated.
func (s *Site) ParsePage(rel string, src []byte) (*Page, diag.List) {
	return s.parsePage(rel, src, nil)
}

// parsePage is ParsePage, given src's sha256 when it is known: the body's
// when the page has no front matter (the body is then src).
func (s *Site) parsePage(rel string, src []byte, srcHash *[32]byte) (*Page, diag.List) {
	var diags diag.List
	shown := s.display(rel)
	p := &Page{Src: rel, Source: src}
	diags = append(diags, checkText(shown, src)...)
	block, body, bodyLine, ok := frontmatter.Split(src)
	if ok {
		fm, d := frontmatter.Parse(shown, block, s.Config.Format != project.FormatHandbook)
		diags = append(diags, d...)
		p.FM = fm
	} else if frontmatter.Unclosed(src) {
		diags.Errorf(shown, 1, 1, "front-matter", "front matter opened with --- is never closed: add a line holding --- after its last key")
	}
	p.Body, p.BodyLine = body, bodyLine
	if srcHash != nil && len(body) == len(src) {
		p.BodyHash = *srcHash
	} else {
		p.BodyHash = sha256.Sum256(body)
	}
	base := path.Base(rel)
	p.IsIndex = strings.EqualFold(base, "index.md") || strings.EqualFold(base, "readme.md")
	p.FM = s.meta.Apply(rel, p.FM)
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
	if plainText(src) {
		return nil // (nearly every page: no need to count lines and columns)
	}
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

// plainText reports whether src is valid UTF-8 without the control
// characters checkText reports.
func plainText(src []byte) bool {
	for _, c := range src {
		if c < 0x20 && c != '\n' && c != '\t' && c != '\r' || c == 0x7f {
			return false
		}
	}
	return utf8.Valid(src)
}

func (s *Site) assignURLs(diags *diag.List) {
	byURL := make(map[string]*Page, len(s.Pages))
	if len(s.byPath) == 0 {
		s.byPath = make(map[string]*Page, len(s.Pages))
	}
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
	par.For(len(s.Pages), func(i int) { inferLevels(s.Pages[i], ids) }) // (each page's own)
}

// inferLevels sets the level of page p, which has none in its front
// matter, from its path or title (see InferLevels).
func inferLevels(p *Page, ids []string) {
	if p.FM.HasLevels {
		return
	}
	var found []string
	for seg := range strings.SplitSeq(p.Src, "/") {
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
