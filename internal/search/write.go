package search

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"hash/crc32"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"handbook/internal/par"
	"handbook/internal/search/invert"
)

// formatVersion changes whenever the file formats below change; the JS
// refuses an entry file of another version.
const formatVersion = 2

// entry is search/index.json. The JS derives every other file name from it.
type entry struct {
	Version   int               `json:"version"`
	Docs      int               `json:"docs"`
	ChunkDocs int               `json:"chunkDocs"`
	GroupSize int               `json:"chunkGroup"`
	PosTiers  int               `json:"positionTiers"` // tiers whose postings carry word positions
	Levels    []string          `json:"levels"`
	Shards    map[string]string `json:"shards"` // prefix → hash of search/t-<name(prefix)>.<hash>.json
	Vocab     map[string]string `json:"vocab"`  // first character → hash of search/v-<name(char)>.<hash>.json
	Chunks    []string          `json:"chunks"` // per group of chunks → hash in search/c-<n>.<hash>.json
	// The analyser's settings the JS must follow (rules.go), left out when
	// they are handbook's own.
	Separator string `json:"separator,omitempty"` // a regular expression splitting the text first
	Stemmer   string `json:"stemmer,omitempty"`   // "none": no English stemming or stop words
}

// chunkGroup is how many chunk files share one hash in the entry file: the
// hash covers the whole group, so the entry stays small however many
// sections there are, at the price of renaming a group's files together.
const chunkGroup = 64

func write(ix *invert.Index, docs []Doc, opts Options, emit func(string, []byte)) {
	e, _ := writeIndex(ix, opts, emit, false)
	e.Chunks = writeChunks(docs, opts, emit)
	writeEntry(emit, e)
}

// collect is an emit function keeping the files in a map, and the map.
func collect() (func(string, []byte), map[string][]byte) {
	files := map[string][]byte{}
	var mu sync.Mutex
	return func(name string, b []byte) {
		mu.Lock()
		files[name] = b
		mu.Unlock()
	}, files
}

// writeEntry emits the entry file.
func writeEntry(emit func(string, []byte), e *entry) {
	body, _ := json.Marshal(e) // maps marshal with sorted keys: deterministic
	emit(EntryPath, body)
}

// contentHash names a file by its content, for cache busting: two CRC-32s
// with different polynomials (both computed by CPU instructions, an order of
// magnitude faster than SHA-256 on the ~100 MB a large site's index holds),
// of which 40 bits are kept.
func contentHash(b []byte) string {
	return hashSum(crc32.Update(0, castagnoli, b), crc32.ChecksumIEEE(b))
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func hashSum(c, ieee uint32) string {
	var sum [5]byte
	binary.BigEndian.PutUint32(sum[:], c)
	sum[4] = byte(ieee)
	return hex.EncodeToString(sum[:])
}

// fileKey makes a prefix safe in a file name: plain a–z0–9 prefixes stay
// readable, anything else is hex behind a "~" (URL-safe, and never clashes
// since plain keys contain no "~").
func fileKey(prefix string) string {
	for i := 0; i < len(prefix); i++ {
		if c := prefix[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return "~" + hex.EncodeToString([]byte(prefix))
		}
	}
	if prefix == "" {
		return "~"
	}
	return prefix
}

// naturalCompare orders strings with embedded numbers by value: L6 < L7 < L10.
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := leadingDigits(a), leadingDigits(b)
		if da > 0 && db > 0 {
			na := strings.TrimLeft(a[:da], "0")
			nb := strings.TrimLeft(b[:db], "0")
			if c := len(na) - len(nb); c != 0 {
				return c
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return int(a[0]) - int(b[0])
		}
		a, b = a[1:], b[1:]
	}
	return len(a) - len(b)
}

func leadingDigits(s string) int {
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	return i
}

// appendUint is strconv.AppendUint for the small numbers postings are made
// of, without its generality.
func appendUint(b []byte, v uint32) []byte {
	switch {
	case v < 10:
		return append(b, byte('0'+v))
	case v < 100:
		return append(b, byte('0'+v/10), byte('0'+v%10))
	case v < 1000:
		return append(b, byte('0'+v/100), byte('0'+v/10%10), byte('0'+v%10))
	}
	return strconv.AppendUint(b, uint64(v), 10)
}

func appendInts(b []byte, vs ...int64) []byte {
	for _, v := range vs {
		b = append(b, ',')
		b = strconv.AppendInt(b, v, 10)
	}
	return b
}

// VocabKey is the vocabulary file a term is listed in: its first letter
// a–z, "0" for digits, "~" for anything else.
func VocabKey(term string) string {
	switch c := term[0]; {
	case 'a' <= c && c <= 'z':
		return term[:1]
	case '0' <= c && c <= '9':
		return "0"
	}
	return "~"
}

// writeChunks writes the section metadata and text, ChunkDocs sections per
// file: [url, page, [headings], [levels], text] each. It returns one hash
// per group of chunkGroup files.
func writeChunks(docs []Doc, opts Options, emit func(string, []byte)) []string {
	nChunks := (len(docs) + opts.ChunkDocs - 1) / opts.ChunkDocs
	bodies := make([][]byte, nChunks)
	par.For(nChunks, func(c int) {
		lo, hi := c*opts.ChunkDocs, min((c+1)*opts.ChunkDocs, len(docs))
		bodies[c] = chunkFile(docs[lo:hi], opts.MaxTextBytes)
	})
	if nChunks == 0 {
		return nil
	}
	hashes := make([]string, (nChunks+chunkGroup-1)/chunkGroup)
	par.For(len(hashes), func(g int) {
		hashes[g] = groupHash(bodies[g*chunkGroup : min((g+1)*chunkGroup, nChunks)])
	})
	par.For(nChunks, func(c int) { emit(chunkName(c, hashes[c/chunkGroup]), bodies[c]) })
	return hashes
}

func chunkFile(docs []Doc, maxText int) []byte {
	size := 2
	for i := range docs {
		size += chunkDocSize(&docs[i], maxText)
	}
	b := make([]byte, 0, size+size/16)
	b = append(b, '[')
	for i := range docs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendChunkDoc(b, &docs[i], maxText)
	}
	return append(b, ']')
}

// chunkDocSize is about the size of a section's entry in a chunk file
// (more when it has characters to escape).
func chunkDocSize(d *Doc, maxText int) int {
	size := 32 + len(d.URL) + len(d.Page) + min(max(len(d.Text), len(d.Code)), maxText)
	for _, h := range d.Headings {
		size += 4 + len(h)
	}
	return size
}

// appendChunkDoc writes one section's entry of a chunk file.
func appendChunkDoc(b []byte, d *Doc, maxText int) []byte {
	b = append(b, '[')
	b = appendJSONString(b, d.URL)
	b = append(b, ',')
	b = appendJSONString(b, d.Page)
	b = append(b, ',')
	b = appendStrings(b, d.Headings)
	b = append(b, ',')
	b = appendStrings(b, d.Levels)
	b = append(b, ',')
	text := d.Text
	if strings.TrimSpace(text) == "" {
		text = d.Code
	}
	b = appendJSONString(b, truncate(text, maxText))
	return append(b, ']')
}

// groupHash is the hash of a group of chunk files, their bodies in order.
func groupHash(bodies [][]byte) string {
	c, ieee := uint32(0), uint32(0)
	for _, body := range bodies {
		c = crc32.Update(c, castagnoli, body)
		ieee = crc32.Update(ieee, crc32.IEEETable, body)
	}
	return hashSum(c, ieee)
}

// chunkName is the file of chunk c, in a group of this hash.
func chunkName(c int, hash string) string {
	return "search/c-" + strconv.Itoa(c) + "." + hash + ".json"
}

func appendStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// truncate cuts s to at most n bytes at a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// appendJSONString quotes s as a JSON string; invalid UTF-8 becomes U+FFFD.
// Runs of characters that need no escape are copied at once.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	run := 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) && plainJSON8(load64(s[i:])) {
			i += 8
			continue
		}
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = appendEscape(append(b, s[run:i]...), c)
			i++
			run = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[run:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[run:i]...), `\u202`...)
			b = append(b, "89"[r-'\u2028'])
		default:
			i += size
			continue
		}
		i += size
		run = i
	}
	b = append(b, s[run:]...)
	return append(b, '"')
}

// load64 reads 8 bytes of s little-endian (the compiler makes it one load).
func load64(s string) uint64 {
	return binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(s), 8))
}

// plainJSON8 reports whether the 8 bytes packed in x are all ASCII that a
// JSON string holds as it is (no control character, quote or backslash).
// It uses the classic SWAR tests: (v - 0x01…) &^ v has a high bit set in
// some byte exactly when some byte of v is zero (or, with 0x20…, below 0x20),
// as long as no byte of v has its own high bit set, which is checked too.
func plainJSON8(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	below := (x - 0x20*ones) &^ x
	quote := (x ^ '"'*ones - ones) &^ (x ^ '"'*ones)
	backslash := (x ^ '\\'*ones - ones) &^ (x ^ '\\'*ones)
	return (x|below|quote|backslash)&highs == 0
}

func appendEscape(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\n':
		return append(b, '\\', 'n')
	case '\t':
		return append(b, '\\', 't')
	case '\r':
		return append(b, '\\', 'r')
	}
	const hexDigits = "0123456789abcdef"
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
}

// chunkSink writes the chunk files of sections given page by page, in
// any order (from several goroutines): a group of chunks is written as
// soon as all its sections are in, so only the groups being filled are
// held, not every section's text.
type chunkSink struct {
	opts    Options
	total   int
	nChunks int
	emit    func(string, []byte)
	mu      sync.Mutex
	groups  map[int]*pendingGroup
	hashes  []string
}

// pendingGroup is a group's sections' entries as they come in.
type pendingGroup struct {
	entries [][]byte
	missing int
}

func newChunkSink(total int, opts Options, emit func(string, []byte)) *chunkSink {
	n := (total + opts.ChunkDocs - 1) / opts.ChunkDocs
	return &chunkSink{opts: opts, total: total, nChunks: n, emit: emit,
		groups: map[int]*pendingGroup{}, hashes: make([]string, (n+chunkGroup-1)/chunkGroup)}
}

// add takes the sections docs, the first numbered first.
func (s *chunkSink) add(first int32, docs []Doc) {
	// The entries, in one buffer (the page's sections are a run).
	size := 0
	for j := range docs {
		size += chunkDocSize(&docs[j], s.opts.MaxTextBytes)
	}
	buf := make([]byte, 0, size)
	ends := make([]int, len(docs))
	for j := range docs {
		buf = appendChunkDoc(buf, &docs[j], s.opts.MaxTextBytes)
		ends[j] = len(buf)
	}
	perGroup := s.opts.ChunkDocs * chunkGroup
	var done []int // the groups this page completes
	s.mu.Lock()
	for j := range docs {
		lo := 0
		if j > 0 {
			lo = ends[j-1]
		}
		sec := int(first) + j
		g := sec / perGroup
		pg := s.groups[g]
		if pg == nil {
			n := min(perGroup, s.total-g*perGroup)
			pg = &pendingGroup{entries: make([][]byte, n), missing: n}
			s.groups[g] = pg
		}
		pg.entries[sec-g*perGroup] = buf[lo:ends[j]:ends[j]]
		pg.missing--
		if pg.missing == 0 {
			done = append(done, g)
		}
	}
	groups := make([]*pendingGroup, len(done))
	for k, g := range done {
		groups[k] = s.groups[g]
		delete(s.groups, g)
	}
	s.mu.Unlock()
	for k, g := range done {
		s.write(g, groups[k].entries)
	}
}

// write writes group g of its sections' entries.
func (s *chunkSink) write(g int, entries [][]byte) {
	bodies := make([][]byte, 0, chunkGroup)
	for lo := 0; lo < len(entries); lo += s.opts.ChunkDocs {
		part := entries[lo:min(lo+s.opts.ChunkDocs, len(entries))]
		size := 1 + len(part)
		for _, e := range part {
			size += len(e)
		}
		b := make([]byte, 0, size)
		b = append(b, '[')
		for i, e := range part {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, e...)
		}
		bodies = append(bodies, append(b, ']'))
	}
	s.hashes[g] = groupHash(bodies)
	for i, body := range bodies {
		s.emit(chunkName(g*chunkGroup+i, s.hashes[g]), body)
	}
}

// finish returns each group's hash, once every section is in.
func (s *chunkSink) finish() []string {
	if len(s.hashes) == 0 {
		return nil
	}
	return s.hashes
}
