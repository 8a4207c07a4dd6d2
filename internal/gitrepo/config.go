package gitrepo

import (
	"bytes"
	"regexp"
	"strings"
)

// entry is one variable of a git config file: section and key lower-case
// (git ignores their case), the subsection as written.
type entry struct {
	section, sub, key, value string
}

var (
	sectionLine = regexp.MustCompile(`^\[([A-Za-z0-9-]+)(?:\s+"([^"\\]*)")?\]$`)
	keyLine     = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9-]*)\s*(?:=(.*))?$`)
)

// parseConfig reads a git config file in its plain form: sections with
// or without a quoted subsection, each variable on a line of its own,
// values without quotes or escapes. ok is false for anything else (the
// old [section.sub] form, quoting, a continued line), which git reads.
func parseConfig(b []byte) (entries []entry, ok bool) {
	var section, sub string
	inSection := false
	for line := range bytes.Lines(b) {
		s := strings.TrimSpace(string(line))
		switch {
		case s == "" || s[0] == '#' || s[0] == ';':
			continue
		case s[0] == '[':
			m := sectionLine.FindStringSubmatch(s)
			if m == nil {
				return nil, false
			}
			section, sub, inSection = strings.ToLower(m[1]), m[2], true
			continue
		}
		m := keyLine.FindStringSubmatch(s)
		if m == nil || !inSection {
			return nil, false
		}
		value, plain := plainValue(m[2])
		if !plain {
			return nil, false
		}
		if !strings.Contains(s, "=") {
			value = "true" // a key alone is a boolean true
		}
		entries = append(entries, entry{section: section, sub: sub, key: strings.ToLower(m[1]), value: value})
	}
	return entries, true
}

// plainValue is a value as git reads it, when it has no quotes or
// escapes: up to a comment, without surrounding space.
func plainValue(v string) (string, bool) {
	if i := strings.IndexAny(v, "#;"); i >= 0 {
		v = v[:i]
	}
	if strings.ContainsAny(v, "\"\\\t\r") {
		return "", false
	}
	return strings.TrimSpace(v), true
}
