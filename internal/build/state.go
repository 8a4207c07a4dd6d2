package build

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"handbook/internal/buildstate"
	"handbook/internal/cache"
	"handbook/internal/pages"
	"handbook/internal/project"
	"handbook/internal/search"
	"handbook/internal/site"
)

// A build run from the command line keeps its caches on disk for the next
// build into the same output folder (Options.StateFile): each file's parse
// (by its size and time, or its content), each page's conversion (by its
// text and settings, its links' answers and its snippets), and the key of
// every file it wrote. The next build then converts only the pages whose
// inputs changed and renders only the files whose key changed, keeping
// the others as they are in the output folder: a build after a one-page
// edit does a fraction of the work of a cold one, and writes the same
// bytes (tested).
//
// The render keys are trusted only when the output folder is exactly as
// the build that saved them left it: the stamp checks that, and passes the
// state's name back (Options.PrevState).

const (
	stateMagic   = "hb-state"
	stateVersion = 2
)

// diskState is what a Cache read from disk adds.
type diskState struct {
	// kept maps each file of the output folder to the key it was made from
	// (empty when the folder is not as the saved state says).
	kept map[string]cache.Key

	mu   sync.Mutex
	keys map[string]cache.Key // this build's files and their keys

	// search is the last build's search index cache; nextSearch this
	// build's, to save.
	search, nextSearch *search.Cache
}

// key records the key of an output file of this build.
func (d *diskState) key(name string, k cache.Key) {
	d.mu.Lock()
	d.keys[name] = k
	d.mu.Unlock()
}

// stateKey covers what makes a saved state usable at all: the program, the
// build's options and every config file.
func stateKey(opts Options, cfg *project.Config) cache.Key {
	k := cache.NewKey().Str(stateMagic, cache.ProgramID())
	k.Str(opts.ConfigPath, opts.BaseURL, opts.ThemeDir, boolStr(opts.Drafts), boolStr(opts.WarnLinks))
	for _, f := range cfg.Files {
		b, _ := os.ReadFile(f)
		k.Str(f).Bytes(b)
	}
	return k.Sum()
}

// contentDir is the folder the site's pages are read from (as site.Load
// joins it).
func contentDir(cfg *project.Config) string { return filepath.Join(cfg.Root, cfg.ContentDir) }

// openState reads the state saved at opts.StateFile into a new Cache; a
// missing, damaged or foreign state gives an empty one.
func openState(opts Options, cfg *project.Config) *Cache {
	c := &Cache{disk: &diskState{kept: map[string]cache.Key{}, keys: map[string]cache.Key{}}}
	b, err := os.ReadFile(opts.StateFile)
	if err != nil {
		return c
	}
	body, ok := stateBody(b, stateKey(opts, cfg))
	if !ok {
		return c
	}
	d := cache.NewDec(body)
	id := d.Str()
	structure := d.Str()
	n := d.Len(40)
	recs := make([]site.LoadRecord, 0, n)
	for range n {
		recs = append(recs, buildstate.DecodeLoadRecord(d))
	}
	n = d.Len(34)
	convs := make(map[string]convEntry, n)
	keys := make(map[string]cache.Key, n)
	for range n {
		src, key := d.Str(), d.Key()
		start := d.Rest()
		res, html, text := buildstate.DecodeResult(d)
		refs := buildstate.DecodeRefs(d, func(src string) *site.Page { return &site.Page{Src: src} })
		e := convEntry{res: res, refs: refs, html: html, text: text, deps: decodeDeps(d), tagsMarker: d.Bool()}
		e.raw = start[:len(start)-len(d.Rest())]
		convs[src] = e
		keys[src] = key
	}
	n = d.Len(33)
	kept := make(map[string]cache.Key, n)
	for range n {
		name := d.Str()
		kept[name] = d.Key()
	}
	searchSize, searchSum := d.Int(), d.Raw(4)
	if !d.Done() {
		return c
	}
	// The search index's cache is a file of its own, the one saved with
	// this state when it has the size and checksum the state says.
	if sb, err := os.ReadFile(searchFile(opts)); err == nil && int64(len(sb)) == searchSize && len(sb) >= 4 && bytes.Equal(sb[len(sb)-4:], searchSum) {
		if sc, err := search.DecodeCache(sb); err == nil {
			if id != opts.PrevState || id == "" {
				sc.ForgetFiles() // the output folder may not hold them
			}
			c.disk.search = sc
		}
	}
	c.Load.Restore(contentDir(cfg), recs)
	c.structure = structure
	for src, e := range convs {
		c.conv.Put(src, keys[src], e)
	}
	if id == opts.PrevState && id != "" {
		c.disk.kept = kept
	}
	return c
}

// searchFile is where the search index's cache is saved beside the state.
func searchFile(opts Options) string {
	return strings.TrimSuffix(opts.StateFile, ".bin") + ".search"
}

// stateBody checks a state file's header (magic, version, key) and
// checksum, and returns its body.
func stateBody(b []byte, key cache.Key) ([]byte, bool) {
	b, ok := cache.Checked(b)
	if !ok {
		return nil, false
	}
	rest, ok := bytes.CutPrefix(b, []byte(stateMagic))
	if !ok {
		return nil, false
	}
	d := cache.NewDec(rest)
	if d.Uint() != stateVersion || d.Key() != key {
		return nil, false
	}
	return d.Rest(), d.Err() == nil
}

// saveState writes the state of this build to opts.StateFile (and the
// search index's cache beside it) and returns its name. Each is written
// to a temporary file and renamed into place; they are caches, so they
// are not synced to disk: one damaged by a crash fails its checksum and the
// next build starts without it.
func (g *generator) saveState() (string, error) {
	c, opts := g.opts.Cache, g.opts
	var rnd [8]byte
	_, _ = rand.Read(rnd[:])
	id := hex.EncodeToString(rnd[:])
	if err := os.MkdirAll(filepath.Dir(opts.StateFile), 0o755); err != nil {
		return "", err
	}
	var searchSize int64
	var searchSum []byte
	if c.disk.nextSearch != nil {
		var err error
		searchSize, searchSum, err = writeFileVia(searchFile(opts), id, func(w io.Writer) error {
			_, err := c.disk.nextSearch.WriteTo(w)
			return err
		})
		if err != nil {
			return "", err
		}
	}
	_, _, err := writeFileVia(opts.StateFile, id, func(w io.Writer) error {
		e := cache.NewStream(w)
		e.B = append(e.B, stateMagic...)
		e.Uint(stateVersion)
		e.Key(stateKey(opts, g.cfg))
		g.encodeState(e, id)
		e.Int(searchSize)
		e.B = append(e.B, searchSum...)
		return e.Close()
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// encodeState writes the body of the state.
func (g *generator) encodeState(e *cache.Stream, id string) {
	c := g.opts.Cache
	e.Str(id)
	e.Str(c.structure)
	recs := c.Load.Records(contentDir(g.cfg))
	e.Uint(uint64(len(recs)))
	for i := range recs {
		buildstate.EncodeLoadRecord(&e.Enc, &recs[i])
		e.Spill()
	}
	withHTML := len(g.work) <= pages.MaxPrintPages
	e.Uint(uint64(len(g.work)))
	for _, w := range g.work {
		entry, _ := c.conv.Get(w.page.Src, w.convKey)
		e.Str(w.page.Src)
		e.Key(w.convKey)
		if entry.raw != nil && (!withHTML || entry.html) {
			e.Write(entry.raw) // as read: the same conversion
			continue
		}
		buildstate.EncodeResult(&e.Enc, w.res, withHTML && w.res.HTML != nil, false)
		buildstate.EncodeRefs(&e.Enc, entry.refs)
		encodeDeps(&e.Enc, entry.deps)
		e.Bool(entry.tagsMarker)
		e.Spill()
	}
	c.disk.mu.Lock()
	e.Uint(uint64(len(c.disk.keys)))
	for name, k := range c.disk.keys {
		e.Str(name)
		e.Key(k)
		e.Spill()
	}
	c.disk.mu.Unlock()
}

// writeFileVia writes a file through a temporary one renamed into place,
// and returns its size and last four bytes (a Stream's checksum).
func writeFileVia(path, id string, write func(io.Writer) error) (int64, []byte, error) {
	tmp := path + ".tmp-" + id
	f, err := os.Create(tmp)
	if err != nil {
		return 0, nil, err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	tail := &tailWriter{w: bw}
	err = write(tail)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return 0, nil, err
	}
	return tail.n, tail.last[:], nil
}

// tailWriter counts what it passes on and keeps its last four bytes.
type tailWriter struct {
	w    io.Writer
	n    int64
	last [4]byte
}

func (t *tailWriter) Write(b []byte) (int, error) {
	n, err := t.w.Write(b)
	t.n += int64(n)
	if len(b) >= 4 {
		copy(t.last[:], b[len(b)-4:])
	} else {
		t.last = [4]byte(append(t.last[len(b):], b...))
	}
	return n, err
}

// encodeDeps writes the snippet files a conversion read or missed.
func encodeDeps(e *cache.Enc, deps []fileDep) {
	e.Uint(uint64(len(deps)))
	for _, d := range deps {
		e.Str(d.path)
		e.Bytes(d.sum[:])
		e.Bool(d.missing)
	}
}

func decodeDeps(d *cache.Dec) []fileDep {
	n := d.Len(3)
	if n == 0 {
		return nil
	}
	deps := make([]fileDep, n)
	for i := range deps {
		deps[i].path = d.Str()
		copy(deps[i].sum[:], d.Bytes())
		deps[i].missing = d.Bool()
	}
	return deps
}
