package buildstate

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"handbook/internal/par"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"handbook/internal/cache"
	"handbook/internal/markdown"
	"handbook/internal/site"
)

// A build run from the command line keeps its caches on disk for the next
// build into the same output folder: each file's parse (by its size and
// time, or its content), each page's conversion (by its text and settings,
// its links' answers and its snippets), and the key of every file it
// wrote. The next build then converts only the pages whose inputs changed
// and renders only the files whose key changed, keeping the others as
// they are in the output folder.
//
// The state is one file, with the pages' conversions in a log beside it
// (see log.go) and the search index's cache in a file of its own
// (SearchFile). The state file and the search cache are written to a
// temporary file and renamed into place; they are caches, so they are not
// synced to disk: one damaged by a crash fails its checksum and the next
// build starts without it (a conversion, its own checksum: that page is
// converted again).

const (
	magic   = "hb-state"
	version = 4
)

// Conversion is a page's conversion as a build keeps it for the next. It
// is still right when the page's text and the settings (its key) are the
// same and each link resolves as it did (Refs) and each snippet file it
// includes has the same content (Deps).
type Conversion struct {
	Res  *markdown.Result
	Refs []site.LinkRef // Target pointers refer to the build that stored them
	Deps []FileDep      // the snippets it read: reused only while they are the same
	// HTML: Res.HTML is there; Text: its sections' text and code are (a
	// conversion kept on disk may leave them out, to be made again when
	// needed).
	HTML, Text bool
	// TagsMarker: the HTML holds the tags listing's marker.
	TagsMarker bool
	// rec is where the conversion is in the log of the state on disk,
	// when read from there: saved again as it is (rec.html: with the
	// HTML). Read leaves it packed, to be read and decoded by Unpack when
	// it is used (in parallel, and only the conversions a build looks at).
	rec     *record
	packed  bool
	targets *targets // the link targets of the state it was read from
	// ahead is its result decoded ahead of its use (see Predecode), the
	// same for every copy of the conversion: the first Unpack takes it.
	ahead *ahead
	// spill holds the conversion as Pack made it, at spilled (see Spilled).
	spill   *cache.Spill
	spilled cache.Ref
}

// AppendPack appends c as the state saves it when it keeps no HTML
// (Saving.WithHTML false) to dst: a build can keep it so (see Spilled)
// and let go of c.
func AppendPack(dst []byte, c Conversion) []byte {
	e := cache.Enc{B: dst}
	encodeConversion(&e, &c, false)
	return e.B
}

// UnpackResult is the result of a conversion Pack packed (without its
// HTML and its sections' text and code); false when it is damaged.
func UnpackResult(b []byte) (*markdown.Result, bool) {
	d := cache.NewDec(b)
	r, _, _ := decodeResult(d)
	return r, d.Err() == nil
}

// Spilled is the conversion Pack packed and put in sp at ref, to be saved
// as it is (read back as the state is written); it has nothing else.
// (A state that keeps the pages' HTML saves it without: the next build
// converts the page again when it needs its HTML.)
func Spilled(sp *cache.Spill, ref cache.Ref) Conversion {
	return Conversion{spill: sp, spilled: ref}
}

// Unpack is the conversion with its links' targets the pages of s, the
// site of this build, decoded when Read left it packed (false when it is
// damaged). A target s no longer has stays a page with its source path
// (LinksHold then finds the link changed).
func (c Conversion) Unpack(s *site.Site) (Conversion, bool) {
	if !c.packed {
		c.Refs = remapRefs(c.Refs, s)
		return c, true
	}
	raw, ok := c.rec.bytes()
	if !ok {
		return c, false
	}
	d := cache.NewDec(raw)
	if a := c.ahead; a != nil && a.taken.CompareAndSwap(false, true) && a.decode(raw) {
		c.Res, c.HTML, c.Text = a.res, a.html, a.text
		d = cache.NewDec(a.rest)
	} else {
		c.Res, c.HTML, c.Text = decodeResult(d)
	}
	c.Refs = decodeRefs(d, func(src string) *site.Page {
		if p := s.Page(src); p != nil {
			return p
		}
		return c.targets.page(src)
	})
	c.Deps = decodeDeps(d)
	c.TagsMarker = d.Bool()
	c.packed = false
	return c, d.Done()
}

// ahead is a packed conversion's result (the most of it to decode, and
// what needs no site to decode) decoded ahead of its use.
type ahead struct {
	once       sync.Once
	res        *markdown.Result // nil when damaged
	html, text bool
	rest       []byte // what follows the result in the conversion
	taken      atomic.Bool
}

// decode decodes the result once, and reports whether it is whole.
func (a *ahead) decode(raw []byte) bool {
	a.once.Do(func() {
		d := cache.NewDec(raw)
		res, html, text := decodeResult(d)
		if d.Err() == nil {
			a.res, a.html, a.text, a.rest = res, html, text, d.Rest()
		}
	})
	return a.res != nil
}

// Predecode reads the state's conversions and decodes their results in
// the background, for a build that is to use most of them (Unpack then
// needs only their links and snippets decoded); a conversion Unpack took
// first is left to it.
func (s *State) Predecode() {
	go func() {
		if s.log != nil {
			s.log.loadAll()
		}
		par.For(len(s.Pages), func(i int) {
			c := &s.Pages[i].Conv
			if c.ahead != nil && !c.ahead.taken.Load() {
				if raw, ok := c.rec.bytes(); ok {
					c.ahead.decode(raw)
				}
			}
		})
	}()
}

// saved is c, the conversion a build holds, to be saved where read is in
// the log when read is the same conversion as the state on disk held it.
func (c Conversion) saved(read Conversion) Conversion {
	c.rec = read.rec
	return c
}

// targets gives each link target a state's conversions name that the
// site no longer has one stand-in page (only its Src is set).
type targets struct {
	mu    sync.Mutex
	pages map[string]*site.Page
}

func (t *targets) page(src string) *site.Page {
	t.mu.Lock()
	defer t.mu.Unlock()
	p := t.pages[src]
	if p == nil {
		p = &site.Page{Src: src}
		t.pages[src] = p
	}
	return p
}

// Page is one page's conversion in a State, by the page's source path and
// the key of its conversion's inputs, with its summary.
type Page struct {
	Src  string
	Key  cache.Key
	Conv Conversion
	Sum  Summary
}

// State is what a build saved for the next one into the same output folder.
type State struct {
	// ID names the state: the output folder's stamp records the ID of the
	// state it was left with.
	ID string
	// Structure is the key of the site's structure (see StructureKey).
	Structure string
	Pages     []Page
	// Outputs maps each file the build wrote to the key it was made from.
	Outputs map[string]cache.Key
	// Search is the search index's cache saved with the state (nil when it
	// is missing or is not the one saved with it): the file mapped
	// read-only, mapped as long as the process runs (its decoded cache
	// shares its bytes).
	Search []byte

	log      *convLog // where the pages' conversions are
	loads    [][]byte // each file's parse as saved, by path (see Load)
	loadSrcs []string // their files' paths
}

// LoadRecord decodes a file's parse as the state saved it (one of
// LoadRaws'); false when it is damaged.
func LoadRecord(raw []byte) (site.LoadRecord, bool) {
	d := cache.NewDec(raw)
	r := decodeLoadRecord(d)
	r.Raw = raw
	return r, d.Done()
}

// LoadRaws are each file's parse as the state saved it, and the files'
// content-relative paths (sorted when the state was saved by Write).
func (s *State) LoadRaws() (srcs []string, raws [][]byte) { return s.loadSrcs, s.loads }

// Load is the parse of the file at src (content-relative) the state
// holds.
func (s *State) Load(src string) (site.LoadRecord, bool) {
	i := sort.Search(len(s.loads), func(i int) bool { return cache.NewDec(s.loads[i]).Str() >= src })
	if i == len(s.loads) {
		return site.LoadRecord{}, false
	}
	d := cache.NewDec(s.loads[i])
	r := decodeLoadRecord(d)
	r.Raw = s.loads[i]
	return r, r.Src == src && d.Done()
}

// SearchFile is where the search index's cache is saved beside the state
// file: its manifest, which names its segment files, in SegmentDir.
func SearchFile(file string) string {
	return strings.TrimSuffix(file, ".bin") + ".search"
}

// SegmentDir is the folder of the search index cache's segment files
// (each named by a hash of its bytes, so a file is never rewritten: a
// build writes the segments that changed, and the files no manifest
// saved since names are removed once its state is saved).
func SegmentDir(file string) string {
	return strings.TrimSuffix(file, ".bin") + ".segments"
}

// SearchCache is the search index's cache as a state saves it: its
// segment files (given to put, those not already saved; it returns the
// names of all of them), then its manifest.
type SearchCache interface {
	WriteSegments(put func(name string, body []byte) error) ([]string, error)
	io.WriterTo
}

// Read reads the state saved in file by a build whose settings had this
// key; false when it is missing, damaged or another build's.
func Read(file string, key cache.Key) (*State, bool) {
	// The search index's cache is mapped meanwhile (read as it is used:
	// its checksum and decoding are left to the cache's reader, which
	// runs while the build goes on); unmapped unless the state keeps it.
	type mapped struct {
		b     []byte
		unmap func()
	}
	searchFile := make(chan mapped, 1)
	go func() {
		b, unmap := mapFile(SearchFile(file))
		searchFile <- mapped{b, unmap}
	}()
	keep := false
	defer func() {
		if m := <-searchFile; !keep && m.unmap != nil {
			m.unmap()
		}
	}()
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, false
	}
	body, ok := stateBody(b, key)
	if !ok {
		return nil, false
	}
	d := cache.NewDec(body)
	s := &State{ID: d.Str(), Structure: d.Str()}
	logID, logEnd := d.Str(), d.Int()
	// Each file's parse and each page's summary is decoded in parallel;
	// each conversion is read from the log when it is used
	// (Conversion.Unpack).
	n := d.Len(1)
	raws := make([][]byte, n)
	for i := range raws {
		raws[i] = d.Raw(d.Len(0))
	}
	// (Each is decoded when a build looks for its file: see LoadRecord.)
	s.loads = raws
	s.loadSrcs = make([]string, n)
	for i, raw := range raws {
		s.loadSrcs[i] = cache.NewDec(raw).Str()
	}
	if d.Err() != nil {
		return nil, false
	}
	var damaged atomic.Bool
	log, ok := openLog(logPath(file, logID), logID, logEnd)
	if !ok {
		return nil, false
	}
	s.log = log
	n = d.Len(1)
	raws = make([][]byte, n)
	for i := range raws {
		raws[i] = d.Raw(d.Len(0))
	}
	s.Pages = make([]Page, n)
	t := &targets{pages: map[string]*site.Page{}}
	par.For(n, func(i int) {
		rd := cache.NewDec(raws[i])
		p := &s.Pages[i]
		p.Src, p.Key = rd.Str(), rd.Key()
		p.Conv = Conversion{rec: decodeRecord(rd, log), packed: true, targets: t, ahead: &ahead{}}
		var ok bool
		p.Sum, ok = decodeSummary(rd, n)
		if !ok || !rd.Done() {
			damaged.Store(true)
		}
	})
	n = d.Len(33)
	s.Outputs = make(map[string]cache.Key, n)
	for range n {
		name := d.Str()
		s.Outputs[name] = d.Key()
	}
	searchSize, searchSum := d.Int(), d.Raw(4)
	if !d.Done() || damaged.Load() {
		log.f.Close()
		return nil, false
	}
	// The search index's cache is the one saved with this state when it
	// has the size and checksum the state says.
	m := <-searchFile
	searchFile <- m // (for the deferred unmapping)
	if sb := m.b; int64(len(sb)) == searchSize && len(sb) >= 4 && bytes.Equal(sb[len(sb)-4:], searchSum) {
		s.Search, keep = sb, true
	}
	return s, true
}

// stateBody checks a state file's header (magic, version, key) and
// checksum, and returns its body.
func stateBody(b []byte, key cache.Key) ([]byte, bool) {
	b, ok := cache.Checked(b)
	if !ok {
		return nil, false
	}
	rest, ok := bytes.CutPrefix(b, []byte(magic))
	if !ok {
		return nil, false
	}
	d := cache.NewDec(rest)
	if d.Uint() != version || d.Key() != key {
		return nil, false
	}
	return d.Rest(), d.Err() == nil
}

// Saving is what Write saves.
type Saving struct {
	Structure string
	Loads     []site.SavedLoad
	Pages     []Page
	// WithHTML keeps each page's HTML (a small site's printable pages are
	// made of it).
	WithHTML bool
	Outputs  map[string]cache.Key
	// Search writes the search index's cache (nil: none).
	Search SearchCache
	// Rest, when set, gives Outputs, Search and the pages' summaries (nil:
	// as Pages has them), and is called once the conversions are written
	// (the build is still making its files meanwhile); false abandons the
	// state: nothing is saved.
	Rest func() (outputs map[string]cache.Key, search SearchCache, sums []Summary, ok bool)

	// log is the log of the state read (Cache.Open): the conversions it
	// holds stay where they are, the others are appended to it, unless
	// most of it is no longer used.
	log *convLog
}

// errAbandoned is what WriteID returns when Saving.Rest abandons the
// state.
var errAbandoned = errors.New("state abandoned")

// Write saves a build's state in file for the next build whose settings
// have this key, and returns the state's ID.
func Write(file string, key cache.Key, s Saving) (string, error) {
	id := NewID()
	if err := WriteID(file, key, id, s); err != nil {
		return "", err
	}
	return id, nil
}

// NewID is a new state's ID (see WriteID).
func NewID() string {
	var rnd [8]byte
	_, _ = rand.Read(rnd[:])
	return hex.EncodeToString(rnd[:])
}

// WriteID is Write of a state whose ID was chosen before (NewID): a
// state's ID can be recorded while it is being written. (A state that
// then fails to be written is missing, or is another one, when the next
// build looks for it by that ID: that build starts without it.)
func WriteID(file string, key cache.Key, id string, s Saving) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	// The search index's cache is written beside the state, whose last
	// bytes name it by its size and checksum.
	type written struct {
		size int64
		sum  []byte
		err  error
	}
	search := make(chan written, 1)
	var segments []string // (the search cache's, when saved)
	writeSearch := func() {
		var w written
		if s.Search != nil {
			segments, w.err = s.Search.WriteSegments(segmentWriter(SegmentDir(file), id))
			if w.err == nil {
				w.size, w.sum, w.err = writeFileVia(SearchFile(file), id, func(w io.Writer) error {
					_, err := s.Search.WriteTo(w)
					return err
				})
			}
		}
		search <- w
	}
	log, recs, err := writeConversions(file, &s)
	if err != nil {
		return err
	}
	isNew := s.log == nil || log.path != s.log.path
	if s.Rest != nil {
		var ok bool
		var sums []Summary
		if s.Outputs, s.Search, sums, ok = s.Rest(); !ok {
			if isNew {
				os.Remove(log.path)
			}
			return errAbandoned
		}
		for i := range sums {
			s.Pages[i].Sum = sums[i]
		}
	}
	go writeSearch()
	_, _, err = writeFileVia(file, id, func(w io.Writer) error {
		e := cache.NewStream(w)
		e.B = append(e.B, magic...)
		e.Uint(version)
		e.Key(key)
		encodePages(e, id, log, &s, recs)
		encodeOutputs(e, s.Outputs)
		sw := <-search
		if sw.err != nil {
			return sw.err
		}
		// Without a search cache, its size is 0 and its checksum zeros (the
		// state is read the same way).
		sum := [4]byte{}
		copy(sum[:], sw.sum)
		e.Int(sw.size)
		e.B = append(e.B, sum[:]...)
		return e.Close()
	})
	if err == nil {
		removeStale(file, log.path)
		removeSegments(SegmentDir(file), segments)
	}
	return err
}

// segmentWriter puts the search cache's segment files in dir: a file of
// that name (a hash of its bytes) with these bytes is there already (a
// damaged one is not kept), or it is written through a temporary file
// renamed into place (so that a file of the name is whole).
func segmentWriter(dir, id string) func(name string, body []byte) error {
	made := false
	return func(name string, body []byte) error {
		path := filepath.Join(dir, name)
		if info, err := os.Lstat(path); err == nil && info.Mode().IsRegular() && info.Size() == int64(len(body)) {
			if b, err := os.ReadFile(path); err == nil && bytes.Equal(b, body) {
				return nil
			}
		}
		if !made {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			made = true
		}
		_, _, err := writeFileVia(path, id, func(w io.Writer) error {
			_, err := w.Write(body)
			return err
		})
		return err
	}
}

// removeSegments removes the files of dir (the search cache's segment
// folder, never another) but those keep names: once a state is saved, no
// state names the others.
func removeSegments(dir string, keep []string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	kept := make(map[string]bool, len(keep))
	for _, name := range keep {
		kept[name] = true
	}
	for _, e := range entries {
		if !kept[e.Name()] && e.Type().IsRegular() {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// writeConversions writes the pages' conversions to the log of the state
// read, or to a new one when most of that one is no longer used, and
// returns the log and where each conversion is in it (a conversion that
// cannot be read back is left out: its page is converted again).
func writeConversions(file string, s *Saving) (*convLog, []*record, error) {
	var w *logWriter
	if l := s.log; l != nil {
		live := int64(0)
		for i := range s.Pages {
			if r := s.Pages[i].Conv.rec; r != nil && r.log == l && kept(r, s.WithHTML) {
				live += int64(r.n)
			}
		}
		if live*2 >= l.end {
			w, _ = appendTo(l)
		}
	}
	if w == nil {
		var err error
		if w, err = newLog(file); err != nil {
			return nil, nil, err
		}
	}
	appending := w.tmp == ""
	recs := make([]*record, len(s.Pages))
	for i := range s.Pages {
		r, err := writeConversion(w, &s.Pages[i].Conv, s.WithHTML, appending, s.log)
		if err != nil {
			w.abandon()
			return nil, nil, err
		}
		recs[i] = r
	}
	if err := w.close(); err != nil {
		return nil, nil, err
	}
	return w.log, recs, nil
}

// kept reports whether the conversion at r is saved as it is (a state
// that keeps the pages' HTML needs it with its HTML).
func kept(r *record, withHTML bool) bool { return !withHTML || r.html }

// writeConversion puts one conversion in the log w writes (unless it is in
// the log being appended to already, last), and returns where it is; an
// empty record when it cannot be read back.
func writeConversion(w *logWriter, c *Conversion, withHTML, appending bool, last *convLog) (*record, error) {
	if r := c.rec; r != nil && kept(r, withHTML) {
		if appending && r.log == last {
			return r, nil
		}
		if raw, ok := r.bytes(); ok {
			return w.put(raw, r.html)
		}
		if c.packed {
			return &record{}, nil
		}
	}
	if c.spill != nil {
		// (Packed without its HTML: a state that keeps the pages' HTML
		// saves it so, and the next build converts the page again when it
		// needs its HTML.)
		b, err := c.spill.Get(c.spilled)
		if err != nil {
			return &record{}, nil
		}
		return w.put(b, false)
	}
	if c.Res == nil {
		return &record{}, nil
	}
	var item cache.Enc
	encodeConversion(&item, c, withHTML)
	return w.put(item.B, withHTML && c.Res.HTML != nil)
}

// encodePages writes the body of the state up to its outputs (see
// encodeOutputs): its name, the site's structure, the log holding the
// conversions, each file's parse, and each page with where its conversion
// is and its summary.
func encodePages(e *cache.Stream, id string, log *convLog, s *Saving, recs []*record) {
	e.Str(id)
	e.Str(s.Structure)
	e.Str(log.id)
	e.Int(log.end)
	var item cache.Enc // one item, written with its length
	e.Uint(uint64(len(s.Loads)))
	for i := range s.Loads {
		item.B = item.B[:0]
		encodeSavedLoad(&item, &s.Loads[i])
		e.Bytes(item.B)
		e.Spill()
	}
	e.Uint(uint64(len(s.Pages)))
	for i := range s.Pages {
		p := &s.Pages[i]
		item.B = item.B[:0]
		item.Str(p.Src)
		item.Key(p.Key)
		encodeRecord(&item, recs[i])
		encodeSummary(&item, &p.Sum)
		e.Bytes(item.B)
		e.Spill()
	}
}

// encodeOutputs writes the rest of the state's body: the key of each file
// written.
func encodeOutputs(e *cache.Stream, outputs map[string]cache.Key) {
	e.Uint(uint64(len(outputs)))
	for name, k := range outputs {
		e.Str(name)
		e.Key(k)
		e.Spill()
	}
}

// encodeConversion writes a page's conversion as the state holds it (with
// its HTML when withHTML and it has it).
func encodeConversion(item *cache.Enc, c *Conversion, withHTML bool) {
	encodeResult(item, c.Res, withHTML && c.Res.HTML != nil, false)
	encodeRefs(item, c.Refs)
	encodeDeps(item, c.Deps)
	item.Bool(c.TagsMarker)
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
