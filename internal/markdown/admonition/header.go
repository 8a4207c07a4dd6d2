package admonition

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// header is a parsed marker line such as `???+ note inline "A title"`.
type header struct {
	collapsible bool
	open        bool
	classes     []string // lowercased
	hasTitle    bool     // a quoted title was given (possibly "")
	titleStart  int      // title bytes are line[titleStart:titleStop]
	titleStop   int
}

// parseHeader parses a marker line that starts at line[0]. It follows
// Python-Markdown: `!!!` or `???`/`???+`, an optional space, one or more
// words of letters, digits, '_' or '-' separated by spaces, then optionally a
// space and a title in double quotes, which runs to the last quote on the line.
func parseHeader(line []byte) (header, bool) {
	var h header
	i, ok := parseMarker(line, &h)
	if !ok {
		return h, false
	}
	end := trimmedEnd(line)
	for {
		start := i
		for i < end && isWordByte(line[i]) {
			i++
		}
		if i == start {
			return h, false
		}
		h.classes = append(h.classes, strings.ToLower(string(line[start:i])))
		gap := i
		for i < end && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i == end {
			return h, true
		}
		if i == gap {
			return h, false // a word followed directly by something else
		}
		if line[i] == '"' {
			return parseTitle(line, i, end, h)
		}
	}
}

// parseMarker recognises `!!!`, `???` or `???+` plus an optional space and
// returns the index after them.
func parseMarker(line []byte, h *header) (int, bool) {
	if len(line) < 3 || (line[0] != '!' && line[0] != '?') ||
		line[1] != line[0] || line[2] != line[0] {
		return 0, false
	}
	i := 3
	if line[0] == '?' {
		h.collapsible = true
		if i < len(line) && line[i] == '+' {
			h.open = true
			i++
		}
	}
	if i < len(line) && line[i] == ' ' {
		i++
	}
	return i, true
}

// parseTitle reads the quoted title starting at line[quote] and ending at the
// last character before end, which must be a closing quote.
func parseTitle(line []byte, quote, end int, h header) (header, bool) {
	last := end - 1
	if last <= quote || line[last] != '"' {
		return h, false
	}
	h.hasTitle = true
	h.titleStart = quote + 1
	h.titleStop = last
	return h, true
}

// trimmedEnd returns the length of line without its trailing line ending and
// spaces.
func trimmedEnd(line []byte) int {
	end := len(line)
	for end > 0 {
		switch line[end-1] {
		case '\n', '\r', ' ', '\t':
			end--
		default:
			return end
		}
	}
	return end
}

// isWordByte matches Python's \w plus '-': ASCII letters, digits, '_', '-',
// and every byte of a multi-byte UTF-8 sequence.
func isWordByte(b byte) bool {
	return b == '_' || b == '-' || b >= 0x80 ||
		(b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')
}

// defaultTitle is the title shown when none is given: the type with its
// first letter upper-cased and the rest lower-cased, like Python's
// str.capitalize.
func defaultTitle(kind string) string {
	r, size := utf8.DecodeRuneInString(kind)
	if size == 0 {
		return ""
	}
	return string(unicode.ToUpper(r)) + strings.ToLower(kind[size:])
}
