// Package slug makes heading ids as MkDocs does (Python-Markdown's toc
// slugify and its unique-id rule); every id the site writes comes from it.
package slug

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Slugify turns heading text into an id exactly as Python-Markdown's toc
// extension does by default (MkDocs' heading ids), so anchors written for an
// MkDocs site keep working:
//
//	value = unicodedata.normalize('NFKD', value).encode('ascii', 'ignore').decode()
//	value = re.sub(r'[^\w\s-]', '', value).strip().lower()
//	return re.sub(r'[-\s]+', '-', value)
func Slugify(text string) string {
	decomposed := norm.NFKD.String(text)
	var b strings.Builder
	b.Grow(len(decomposed))
	for i := 0; i < len(decomposed); i++ {
		c := decomposed[i]
		switch {
		case c >= 0x80:
			// Non-ASCII bytes are dropped, as encode('ascii', 'ignore') does.
		case isWordByte(c) || c == '-' || isPySpace(c):
			b.WriteByte(c)
		}
	}
	value := strings.ToLower(strings.TrimFunc(b.String(), func(r rune) bool { return r < 0x80 && isPySpace(byte(r)) }))
	return collapseSeparators(value)
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// isPySpace matches Python's \s for ASCII: space, \t, \n, \v, \f, \r and the
// separators 0x1c-0x1f.
func isPySpace(c byte) bool {
	return c == ' ' || c >= '\t' && c <= '\r' || c >= 0x1c && c <= 0x1f
}

func collapseSeparators(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	inRun := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '-' || isPySpace(c) {
			if !inRun {
				b.WriteByte('-')
			}
			inRun = true
			continue
		}
		inRun = false
		b.WriteByte(c)
	}
	return b.String()
}

// IDSet hands out unique ids the way Python-Markdown's toc `unique` does:
// a taken (or empty) id gets "_1", and an id already ending in "_N" counts
// on from N+1:
//
//	while id in ids or not id:
//	    m = IDCOUNT_RE.match(id)   # ^(.*)_([0-9]+)$
//	    id = '%s_%d' % (m.group(1), int(m.group(2))+1) if m else '%s_%d' % (id, 1)
//
// That loop takes quadratic time on many equal headings; IDSet gives the
// same ids in linear time by keeping, for each base, the next free counter
// at or after any number (a union-find over the counters, with path
// compression). The zero value is not usable: make one with NewIDSet.
type IDSet struct {
	taken map[string]bool
	free  map[string]map[int]int // base → counter k → a later counter to try when base_k is taken
	hops  int                    // counters visited, for the tests' work count
}

// NewIDSet returns an empty set.
func NewIDSet() *IDSet {
	return &IDSet{taken: map[string]bool{}, free: map[string]map[int]int{}}
}

// Add reserves id as it is (an explicit heading id).
func (s *IDSet) Add(id string) {
	if s.taken[id] {
		return
	}
	s.taken[id] = true
	if base, n, ok := splitCount(id); ok && strconv.Itoa(n) == id[len(base)+1:] {
		s.counters(base)[n] = n + 1
	}
}

// Sorted returns the ids taken, in order.
func (s *IDSet) Sorted() []string { return slices.Sorted(maps.Keys(s.taken)) }

// Has reports whether id is taken.
func (s *IDSet) Has(id string) bool { return s.taken[id] }

// Unique returns id, or the first free variant of it, and reserves it.
func (s *IDSet) Unique(id string) string {
	if id != "" && !s.taken[id] {
		s.Add(id)
		return id
	}
	base, start := id, 1
	if b, n, ok := splitCount(id); ok && n < math.MaxInt {
		base, start = b, n+1
	}
	k := s.nextFree(base, start)
	id = base + "_" + strconv.Itoa(k)
	s.Add(id)
	return id
}

// nextFree returns the smallest k >= start whose base_k is free.
func (s *IDSet) nextFree(base string, start int) int {
	next := s.counters(base)
	root := start
	for {
		n, taken := next[root]
		if !taken {
			break
		}
		root = n
		s.hops++
	}
	for k := start; k != root; { // path compression
		n := next[k]
		next[k] = root
		k = n
	}
	return root
}

func (s *IDSet) counters(base string) map[int]int {
	m := s.free[base]
	if m == nil {
		m = map[int]int{}
		s.free[base] = m
	}
	return m
}

// splitCount splits "base_N" (N decimal digits that fit an int) as
// Python-Markdown's IDCOUNT_RE does: the last "_" followed only by digits.
func splitCount(id string) (base string, n int, ok bool) {
	i := strings.LastIndexByte(id, '_')
	if i < 0 || i == len(id)-1 {
		return "", 0, false
	}
	for _, c := range id[i+1:] {
		if c < '0' || c > '9' {
			return "", 0, false
		}
	}
	n, err := strconv.Atoi(id[i+1:])
	if err != nil {
		return "", 0, false // too many digits: counted as a plain id
	}
	return id[:i], n, true
}
