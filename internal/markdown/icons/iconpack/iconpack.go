// Package iconpack is the file format of a bundled icon set: many small SVG
// files in one compressed archive that costs nothing until an icon is read.
//
// The icons, sorted by name, are cut into chunks of about ChunkSize bytes and
// each chunk is compressed on its own (DEFLATE), so reading one icon
// decompresses one chunk, never the whole set. A small compressed index maps
// names to their chunk; it is decompressed on the first lookup.
//
// Layout (integers are unsigned varints):
//
//	"HBICONS1"                   magic
//	count                        number of icons
//	chunks                       number of chunks
//	indexSize                    compressed size of the index
//	chunks × (size, icons, raw)  per chunk: compressed size, icon count, decompressed size
//	index                        DEFLATE of count × (len(name), name, len(svg))
//	chunk data                   DEFLATE of the chunk's SVGs, concatenated in name order
//
// Write produces the same bytes for the same icons, so a vendored pack can be
// checked by writing it again.
package iconpack

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
)

const magic = "HBICONS1"

const maxIndex = 64 << 20

// ChunkSize is the decompressed size at which Write starts a new chunk:
// large enough for DEFLATE to find the repetition between icons of a set
// (64 KB chunks make the bundled sets 4% smaller), small enough that the
// first use of an icon decompresses little (a tenth of a millisecond) and
// a site using a few hundred icons keeps a few megabytes of them in memory.
const ChunkSize = 16 << 10

// Icon is one named SVG.
type Icon struct {
	Name string
	SVG  []byte
}

// Write writes icons as a pack. Names must be unique and non-empty; they
// are sorted here, so the order of icons does not matter.
func Write(w io.Writer, icons []Icon) error {
	sorted := append([]Icon(nil), icons...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	for i, ic := range sorted {
		if ic.Name == "" {
			return errors.New("iconpack: icon without a name")
		}
		if i > 0 && sorted[i-1].Name == ic.Name {
			return fmt.Errorf("iconpack: icon %q twice", ic.Name)
		}
	}

	var index []byte
	for _, ic := range sorted {
		index = binary.AppendUvarint(index, uint64(len(ic.Name)))
		index = append(index, ic.Name...)
		index = binary.AppendUvarint(index, uint64(len(ic.SVG)))
	}
	zindex, err := deflate(index)
	if err != nil {
		return err
	}

	type chunk struct {
		data        []byte
		icons, size int
	}
	var chunks []chunk
	var raw []byte
	count := 0
	flush := func() error {
		if count == 0 {
			return nil
		}
		z, err := deflate(raw)
		if err != nil {
			return err
		}
		chunks = append(chunks, chunk{z, count, len(raw)})
		raw, count = nil, 0
		return nil
	}
	for _, ic := range sorted {
		raw = append(raw, ic.SVG...)
		count++
		if len(raw) >= ChunkSize {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}

	head := []byte(magic)
	head = binary.AppendUvarint(head, uint64(len(sorted)))
	head = binary.AppendUvarint(head, uint64(len(chunks)))
	head = binary.AppendUvarint(head, uint64(len(zindex)))
	for _, c := range chunks {
		head = binary.AppendUvarint(head, uint64(len(c.data)))
		head = binary.AppendUvarint(head, uint64(c.icons))
		head = binary.AppendUvarint(head, uint64(c.size))
	}
	parts := [][]byte{head, zindex}
	for _, c := range chunks {
		parts = append(parts, c.data)
	}
	for _, p := range parts {
		if _, err := w.Write(p); err != nil {
			return err
		}
	}
	return nil
}

func deflate(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// inflaters are reused: a DEFLATE reader holds a 32 KB window and tables
// that would cost more to allocate than a chunk takes to decompress.
var inflaters sync.Pool

func inflater(z string) io.ReadCloser {
	r := strings.NewReader(z)
	if f, ok := inflaters.Get().(io.ReadCloser); ok {
		if err := f.(flate.Resetter).Reset(r, nil); err == nil {
			return f
		}
	}
	return flate.NewReader(r)
}

// inflate decompresses a chunk of known size. DEFLATE expands at most
// 1032:1, so a corrupt size cannot make it reserve more than that.
func inflate(z string, size int) (string, error) {
	f := inflater(z)
	defer inflaters.Put(f)
	var b strings.Builder
	b.Grow(min(size, 1032*len(z)))
	var buf [8 << 10]byte
	n, err := io.CopyBuffer(&b, io.LimitReader(f, int64(size)+1), buf[:])
	if err != nil {
		return "", err
	}
	if int(n) != size {
		return "", fmt.Errorf("decompressed %d bytes or more, want %d", n, size)
	}
	return b.String(), nil
}

// Pack reads a pack lazily: New only keeps the bytes; the index is read on
// the first lookup and each chunk when one of its icons is first read.
// Its methods are safe for concurrent use.
type Pack struct {
	data string

	once   sync.Once
	err    error
	names  []string // sorted
	where  []place  // where[i] locates names[i]
	chunks []chunk
}

type place struct {
	chunk     int32
	off, size int32 // within the decompressed chunk
}

type chunk struct {
	once       sync.Once
	start, end int // compressed bytes in data
	size       int // decompressed size
	text       string
	err        error
}

// New returns a pack over data, which must stay unchanged (an embedded
// string, typically). It does no work.
func New(data string) *Pack { return &Pack{data: data} }

// Err reports whether the pack's header and index could be read.
func (p *Pack) Err() error {
	p.load()
	return p.err
}

// Len returns the number of icons (0 for a pack that cannot be read).
func (p *Pack) Len() int {
	p.load()
	return len(p.names)
}

// Names returns the icon names in sorted order. The slice is shared: do
// not modify it.
func (p *Pack) Names() []string {
	p.load()
	return p.names
}

// Has reports whether the pack holds name, without decompressing any chunk.
func (p *Pack) Has(name string) bool {
	_, ok := p.find(name)
	return ok
}

// Lookup returns the SVG of the icon called name.
func (p *Pack) Lookup(name string) (string, bool) {
	i, ok := p.find(name)
	if !ok {
		return "", false
	}
	pl := p.where[i]
	c := &p.chunks[pl.chunk]
	c.once.Do(func() { c.text, c.err = inflate(p.data[c.start:c.end], c.size) })
	if c.err != nil {
		return "", false
	}
	return c.text[pl.off : pl.off+pl.size], true
}

// ChunkErr decompresses every chunk and returns the first error, for tests
// of vendored data.
func (p *Pack) ChunkErr() error {
	if err := p.Err(); err != nil {
		return err
	}
	for i := range p.chunks {
		c := &p.chunks[i]
		c.once.Do(func() { c.text, c.err = inflate(p.data[c.start:c.end], c.size) })
		if c.err != nil {
			return fmt.Errorf("iconpack: chunk %d: %w", i, c.err)
		}
	}
	return nil
}

func (p *Pack) find(name string) (int, bool) {
	p.load()
	i := sort.SearchStrings(p.names, name)
	return i, i < len(p.names) && p.names[i] == name
}

func (p *Pack) load() {
	p.once.Do(func() {
		if err := p.parse(); err != nil {
			p.err = fmt.Errorf("iconpack: %w", err)
			p.names, p.where, p.chunks = nil, nil, nil
		}
	})
}

// reader reads varints from a string.
type reader struct {
	s   string
	pos int
	err error
}

func (r *reader) uint(limit int) int {
	if r.err != nil {
		return 0
	}
	var x uint64
	for shift := 0; ; shift += 7 {
		if r.pos >= len(r.s) || shift > 35 {
			r.err = errors.New("truncated or oversized number")
			return 0
		}
		b := r.s[r.pos]
		r.pos++
		x |= uint64(b&0x7f) << shift
		if b < 0x80 {
			break
		}
	}
	if x > uint64(limit) {
		r.err = fmt.Errorf("number %d out of range", x)
		return 0
	}
	return int(x)
}

func (r *reader) str(n int) string {
	if r.err != nil {
		return ""
	}
	if n > len(r.s)-r.pos {
		r.err = errors.New("truncated")
		return ""
	}
	s := r.s[r.pos : r.pos+n]
	r.pos += n
	return s
}

func (p *Pack) parse() error {
	if !strings.HasPrefix(p.data, magic) {
		return errors.New("not an icon pack")
	}
	r := &reader{s: p.data, pos: len(magic)}
	n := len(p.data)
	count := r.uint(n)
	nchunks := r.uint(n)
	indexSize := r.uint(n)
	if r.err != nil {
		return r.err
	}
	p.chunks = make([]chunk, nchunks)
	icons := make([]int, nchunks)
	for i := range p.chunks {
		p.chunks[i].end = r.uint(n) // size for now
		icons[i] = r.uint(count)
		p.chunks[i].size = r.uint(1 << 30)
	}
	zindex := r.str(indexSize)
	if r.err != nil {
		return r.err
	}
	pos := r.pos
	for i := range p.chunks {
		c := &p.chunks[i]
		c.start, c.end = pos, pos+c.end
		if c.end > len(p.data) {
			return errors.New("truncated chunk data")
		}
		pos = c.end
	}
	if pos != len(p.data) {
		return errors.New("trailing bytes")
	}
	return p.parseIndex(zindex, count, icons)
}

func (p *Pack) parseIndex(zindex string, count int, icons []int) error {
	// The index is at most a few hundred kilobytes (a name and a size per
	// icon); the limit keeps a corrupt pack from inflating without end.
	var b strings.Builder
	f := inflater(zindex)
	defer inflaters.Put(f)
	if _, err := io.Copy(&b, io.LimitReader(f, maxIndex)); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	r := &reader{s: b.String()}
	p.names = make([]string, 0, count)
	p.where = make([]place, 0, count)
	ci, off, left := 0, 0, 0
	if len(icons) > 0 {
		left = icons[0]
	}
	for i := 0; i < count; i++ {
		for left == 0 {
			if ci+1 >= len(icons) {
				return errors.New("index: more icons than the chunks hold")
			}
			if off != p.chunks[ci].size {
				return fmt.Errorf("index: chunk %d holds %d bytes, icons %d", ci, p.chunks[ci].size, off)
			}
			ci, off, left = ci+1, 0, icons[ci+1]
		}
		name := r.str(r.uint(1 << 16))
		size := r.uint(1 << 24)
		if r.err != nil {
			return fmt.Errorf("index: %w", r.err)
		}
		if i > 0 && name <= p.names[i-1] {
			return fmt.Errorf("index: %q out of order", name)
		}
		p.names = append(p.names, name)
		p.where = append(p.where, place{chunk: int32(ci), off: int32(off), size: int32(size)})
		off += size
		left--
	}
	if r.pos != len(r.s) || left != 0 || ci != len(icons)-1 && len(icons) > 0 || len(icons) > 0 && off != p.chunks[ci].size {
		return errors.New("index does not match the chunks")
	}
	return nil
}
