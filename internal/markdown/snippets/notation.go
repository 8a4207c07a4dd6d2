package snippets

import (
	"regexp"
	"strconv"
	"strings"
)

// markerKind says what a line of the page is to the snippet notation.
type markerKind int

const (
	notMarker   markerKind = iota
	inlineMark             // --8<-- "file"
	blockMark              // --8<-- alone: opens or closes a list of files
	escapedMark            // ;--8<-- …: shown with one ';' fewer
)

// marker is a parsed snippet line.
type marker struct {
	kind  markerKind
	space string // the indentation before the scissors
	path  string // inline form: the quoted name, unquoted and trimmed
}

// parseMarker recognises pymdownx.snippets' notation on a whole line:
//
//	^[ \t]*;*(-+8<-+[ \t]+("…"|'…')|-+8<-+)\r?$
//
// where a quoted name holds at least one character and its quote only
// escaped (\" or \'). Semicolons before the scissors escape the line.
func parseMarker(line string) marker {
	line = strings.TrimSuffix(line, "\r")
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	m := marker{space: line[:i]}
	escaped := false
	for i < len(line) && line[i] == ';' {
		escaped = true
		i++
	}
	j, ok := scissors(line, i)
	if !ok {
		return m
	}
	switch {
	case j == len(line):
		m.kind = blockMark
	default:
		k := j
		for k < len(line) && (line[k] == ' ' || line[k] == '\t') {
			k++
		}
		if k == j || !quoted(line[k:]) {
			return m
		}
		m.kind = inlineMark
		m.path = strings.TrimSpace(line[k+1 : len(line)-1])
	}
	if escaped {
		m.kind = escapedMark
	}
	return m
}

// scissors matches -+8<-+ at line[i:] and returns the index after it.
func scissors(line string, i int) (int, bool) {
	start := i
	for i < len(line) && line[i] == '-' {
		i++
	}
	if i == start || !strings.HasPrefix(line[i:], "8<") {
		return 0, false
	}
	i += 2
	start = i
	for i < len(line) && line[i] == '-' {
		i++
	}
	return i, i > start
}

// quoted reports whether s is a whole quoted name: "…" or '…' with at
// least one character inside, no line break, and the quote character
// inside only after a backslash.
func quoted(s string) bool {
	if len(s) < 3 || (s[0] != '"' && s[0] != '\'') || s[len(s)-1] != s[0] {
		return false
	}
	q := s[0]
	inner := s[1 : len(s)-1]
	for i := 0; i < len(inner); i++ {
		switch inner[i] {
		case '\r', '\n':
			return false
		case q:
			if i == 0 || inner[i-1] != '\\' {
				return false
			}
		}
	}
	return true
}

// unescape removes the first ';' of an escaped line, as pymdownx does.
func unescape(line string) string {
	return strings.Replace(line, ";", "", 1)
}

// sectionRe is pymdownx's section marker, which may stand anywhere on a
// line (inside a comment of the snippet's language).
var sectionRe = regexp.MustCompile(`(?i)^(.*?)(;*)(-+8<-+[ \t]+)(\[[ \t]*(start|end)[ \t]*:[ \t]*([a-z][-_0-9a-z]*)[ \t]*\])(.*?)$`)

// section is a parsed section marker.
type section struct {
	start   bool
	name    string
	escaped bool
	line    string // the line with one escaping ';' removed
}

func parseSection(line string) (section, bool) {
	if !strings.Contains(line, "8<") {
		return section{}, false
	}
	m := sectionRe.FindStringSubmatch(line)
	if m == nil {
		return section{}, false
	}
	s := section{start: strings.EqualFold(m[5], "start"), name: m[6], escaped: m[2] != ""}
	if s.escaped {
		s.line = m[1] + m[2][1:] + m[3] + m[4] + m[7]
	}
	return s, true
}

// specRe splits a snippet name into the file and an optional selection of
// lines (":4:6", "::3", ":1:3,5:6", negative numbers counting from the end)
// or a section name (":name"). It is pymdownx's expression with its
// look-ahead after ',' spelled out.
var specRe = regexp.MustCompile(`(?i)^(.*?)(?:((?::-?[0-9]*){1,2}(?:,(?:-[0-9]*(?::-?[0-9]*)?|[0-9]+(?::-?[0-9]*)?|:-?[0-9]*))*)|(:[a-z][-_0-9a-z]*))?$`)

// span is one selection of lines: 0-based start, exclusive end, either
// possibly negative (from the end) or absent.
type span struct {
	start, end       int
	hasStart, hasEnd bool
}

// spec is a parsed snippet name.
type spec struct {
	file    string
	spans   []span
	section string
}

func parseSpec(name string) spec {
	if !strings.Contains(name, ":") {
		return spec{file: strings.TrimSpace(name)}
	}
	m := specRe.FindStringSubmatch(name)
	if m == nil {
		return spec{file: strings.TrimSpace(name)}
	}
	s := spec{file: strings.TrimSpace(m[1])}
	switch {
	case m[2] != "":
		for _, nums := range strings.Split(m[2][1:], ",") {
			s.spans = append(s.spans, parseSpan(nums))
		}
	case m[3] != "":
		s.section = m[3][1:]
	}
	return s
}

// parseSpan reads "start:end" with 1-based inclusive line numbers, either
// side optional; line 0 is line 1.
func parseSpan(nums string) span {
	from, to, _ := strings.Cut(nums, ":")
	var sp span
	if n, err := strconv.Atoi(from); err == nil {
		sp.hasStart = true
		sp.start = n
		if n >= 0 {
			sp.start = max(0, n-1)
		}
	}
	if n, err := strconv.Atoi(to); err == nil {
		sp.hasEnd = true
		sp.end = n
	}
	return sp
}

// apply returns the lines the span selects from lines.
func (sp span) apply(lines []string) []string {
	total := len(lines)
	start, end := 0, total
	if sp.hasStart {
		start = sp.start
		if start < 0 {
			start = max(0, total+start)
		}
	}
	if sp.hasEnd {
		end = sp.end
		if end < 0 {
			end = max(0, total+end+1)
		}
	}
	start, end = min(start, total), min(end, total)
	if start >= end {
		return nil
	}
	return lines[start:end]
}
