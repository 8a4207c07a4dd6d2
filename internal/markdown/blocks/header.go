package blocks

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// header is a parsed opening fence: `/// name | argument`.
type header struct {
	fence    int    // number of slashes, at least 3
	name     string // lowercased
	argStart int    // the argument is line[argStart:argStop], trimmed
	argStop  int
	hasArg   bool
}

// parseHeader parses an opening fence at line[0] (after at most three
// spaces of indentation, which the caller skipped), following pymdownx:
//
//	/{3,} *[\w-]+ *(\| *(.*?) *)?$
func parseHeader(line []byte) (header, bool) {
	var h header
	end := trimmedEnd(line)
	i := slashes(line)
	if i < 3 {
		return h, false
	}
	h.fence = i
	i = skipSpaces(line, i, end)
	start := i
	for i < end {
		r, n := utf8.DecodeRune(line[i:])
		if r != '-' && r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		i += n
	}
	if i == start {
		return h, false
	}
	h.name = strings.ToLower(string(line[start:i]))
	i = skipSpaces(line, i, end)
	switch {
	case i == end:
		return h, true
	case line[i] != '|':
		return h, false
	}
	i = skipSpaces(line, i+1, end)
	h.hasArg = true
	h.argStart, h.argStop = i, end
	return h, true
}

// parseEnd reports the fence length of a closing fence `/{3,} *`, or 0.
func parseEnd(line []byte) int {
	n := slashes(line)
	if n < 3 || skipSpaces(line, n, trimmedEnd(line)) != trimmedEnd(line) {
		return 0
	}
	return n
}

func slashes(line []byte) int {
	i := 0
	for i < len(line) && line[i] == '/' {
		i++
	}
	return i
}

func skipSpaces(line []byte, i, end int) int {
	for i < end && line[i] == ' ' {
		i++
	}
	return i
}

// trimmedEnd returns the length of line without its line ending and
// trailing spaces and tabs.
func trimmedEnd(line []byte) int {
	end := len(line)
	for end > 0 && (line[end-1] == '\n' || line[end-1] == '\r' || line[end-1] == ' ' || line[end-1] == '\t') {
		end--
	}
	return end
}

// indent returns the number of leading spaces of line (a tab stops the
// count: pymdownx's option lines are indented with spaces).
func indent(line []byte) int {
	i := 0
	for i < len(line) && line[i] == ' ' {
		i++
	}
	return i
}

// isOptionLine reports whether a line following the header holds options:
// indented by four or more spaces and not blank.
func isOptionLine(line []byte) bool {
	n := indent(line)
	return n >= 4 && n < trimmedEnd(line) && line[n] != '\t'

}
