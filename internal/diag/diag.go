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
