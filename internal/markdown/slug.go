package markdown

import (
	"regexp"
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

var idCountRe = regexp.MustCompile(`^(.*)_([0-9]+)$`)

// IDSet hands out unique ids the way Python-Markdown's toc `unique` does:
// a taken (or empty) id gets "_1", and an id already ending in "_N" counts on.
type IDSet map[string]bool

// Unique returns id, or the first free variant of it, and reserves it.
func (s IDSet) Unique(id string) string {
	for s[id] || id == "" {
		if m := idCountRe.FindStringSubmatch(id); m != nil {
			n, err := strconv.Atoi(m[2])
			if err != nil { // too many digits for an int: start a new counter
				id += "_1"
				continue
			}
			id = m[1] + "_" + strconv.Itoa(n+1)
		} else {
			id += "_1"
		}
	}
	s[id] = true
	return id
}
