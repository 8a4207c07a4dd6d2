// Package diag is the one shape every problem the generator finds takes:
// a position in a source file, a severity and a message, printed as
// "path:line:col: message".
package diag

import (
	"fmt"
	"sort"
)

// Severity orders problems: errors fail a build, warnings do not (unless
// strict), and notes (Info: what MkDocs reports at its info level) never do.
type Severity int

const (
	Warning Severity = iota
	Error
	Info
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Info:
		return "info"
	}
	return "warning"
}

// Diagnostic is one problem at one place. Line and Col are 1-based; 0 means unknown.
type Diagnostic struct {
	Path     string // slash-separated, relative to the site root where possible
	Line     int
	Col      int
	Severity Severity
	Code     string // short machine-readable kind, e.g. "broken-link", "mojibake"
	Message  string
	// More is set on the line that stands for the diagnostics of this kind
	// in this file beyond MaxPerKind: how many there were (see Bound).
	More int `json:",omitempty"`
}

// String formats the diagnostic as "path:line:col: message"; warnings say so.
func (d Diagnostic) String() string {
	prefix := ""
	switch d.Severity {
	case Warning:
		prefix = "warning: "
	case Info:
		prefix = "info: "
	}
	line, col := d.Line, d.Col
	if line == 0 {
		line = 1
	}
	if col == 0 {
		col = 1
	}
	if d.Path == "" {
		return prefix + d.Message
	}
	return fmt.Sprintf("%s:%d:%d: %s%s", d.Path, line, col, prefix, d.Message)
}

// List collects diagnostics.
type List []Diagnostic

// Errorf appends an error.
func (l *List) Errorf(path string, line, col int, code, format string, args ...any) {
	*l = append(*l, Diagnostic{Path: path, Line: line, Col: col, Severity: Error, Code: code, Message: fmt.Sprintf(format, args...)})
}

// Infof appends a note: a problem reported at MkDocs' info level.
func (l *List) Infof(path string, line, col int, code, format string, args ...any) {
	*l = append(*l, Diagnostic{Path: path, Line: line, Col: col, Severity: Info, Code: code, Message: fmt.Sprintf(format, args...)})
}

// Warnf appends a warning.
func (l *List) Warnf(path string, line, col int, code, format string, args ...any) {
	*l = append(*l, Diagnostic{Path: path, Line: line, Col: col, Severity: Warning, Code: code, Message: fmt.Sprintf(format, args...)})
}

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Sort orders diagnostics by path, line and column so output is deterministic.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Message < b.Message
	})
}

// Position converts a byte offset in src into a 1-based line and column
// (column counted in bytes, as compilers and GitHub annotations do).
func Position(src []byte, offset int) (line, col int) {
	if offset > len(src) {
		offset = len(src)
	}
	line, col = 1, 1
	for i := 0; i < offset; i++ {
		if src[i] == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

// MaxPerKind is how many diagnostics of one kind (Code) a file reports;
// the rest are counted in one "N more <kind> in <file>" line, so that a
// damaged file (a megabyte of NUL characters) cannot flood the terminal,
// the memory or the build stamp.
const MaxPerKind = 20

type kindKey struct{ path, code string }

// Tally counts the diagnostics a producer finds, by kind and file, so that
// it can stop building them past MaxPerKind (Keep) and report the rest in
// one line (Flush).
type Tally struct {
	seen  map[kindKey]int
	first map[kindKey]Diagnostic // the first one past the limit: where the rest start
}

// Keep reports whether the next diagnostic of this kind in this file is
// still within MaxPerKind, counting it either way.
func (t *Tally) Keep(path, code string, line, col int, severity Severity) bool {
	if t.seen == nil {
		t.seen, t.first = map[kindKey]int{}, map[kindKey]Diagnostic{}
	}
	k := kindKey{path, code}
	t.seen[k]++
	if t.seen[k] <= MaxPerKind {
		return true
	}
	if _, ok := t.first[k]; !ok {
		t.first[k] = Diagnostic{Path: path, Line: line, Col: col, Severity: severity, Code: code}
	}
	return false
}

// Flush appends one "N more" line per kind and file that went past
// MaxPerKind, in a fixed order.
func (t *Tally) Flush(l *List) {
	var keys []kindKey
	for k := range t.first {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].path != keys[j].path {
			return keys[i].path < keys[j].path
		}
		return keys[i].code < keys[j].code
	})
	for _, k := range keys {
		*l = append(*l, more(t.first[k], t.seen[k]-MaxPerKind))
	}
}

// more is the line standing for n diagnostics of d's kind, placed at d.
func more(d Diagnostic, n int) Diagnostic {
	d.More = n
	d.Message = fmt.Sprintf("%d more %s in %s", n, Kind(d.Code), d.Path)
	return d
}

// Bound keeps, in each file, the first MaxPerKind diagnostics of each kind
// (in the list's order: sort it first) and replaces the others, and any
// "N more" lines of that kind, by one "N more" line placed at the first
// one left out. An error left out makes the line an error.
func (l List) Bound() List {
	counts := map[kindKey]int{}
	extra := map[kindKey]int{}
	var out List
	at := map[kindKey]int{} // index in out of each kind's "more" line
	for _, d := range l {
		k := kindKey{d.Path, d.Code}
		n := d.More
		if n == 0 {
			if counts[k] < MaxPerKind {
				counts[k]++
				out = append(out, d)
				continue
			}
			n = 1
		}
		extra[k] += n
		if i, ok := at[k]; ok {
			if d.Severity > out[i].Severity {
				out[i].Severity = d.Severity
			}
			out[i] = more(out[i], extra[k])
			continue
		}
		at[k] = len(out)
		out = append(out, more(d, extra[k]))
	}
	return out
}
