package gitrepo

import (
	"bytes"
	"strings"
)

// entry is one variable of a git config file: section and key lower-case
// (git ignores their case), the subsection as written.
type entry struct {
	section, sub, key, value string
}

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
			section, sub, inSection = sectionHeader(s)
			if !inSection {
				return nil, false
			}
			continue
		}
		key, rest, hasValue := strings.Cut(s, "=")
		key = strings.TrimSpace(key)
		value, plain := plainValue(rest)
		if !inSection || !plain || key == "" || !isLetter(key[0]) || !allOf(key, isNameByte) {
			return nil, false
		}
		if !hasValue {
			value = "true" // a key alone is a boolean true
		}
		entries = append(entries, entry{section: section, sub: sub, key: strings.ToLower(key), value: value})
	}
	return entries, true
}

// sectionHeader reads a section's line: [name] or [name "sub"], the
// subsection without quotes or escapes.
func sectionHeader(s string) (section, sub string, ok bool) {
	inner, closed := strings.CutSuffix(strings.TrimPrefix(s, "["), "]")
	name, quoted, hasSub := strings.Cut(inner, " ")
	if !closed || name == "" || !allOf(name, isNameByte) {
		return "", "", false
	}
	if hasSub {
		quoted = strings.TrimLeft(quoted, " ")
		sub, ok = strings.CutPrefix(quoted, "\"")
		sub, closed = strings.CutSuffix(sub, "\"")
		if !ok || !closed || strings.ContainsAny(sub, "\"\\") {
			return "", "", false
		}
	}
	return strings.ToLower(name), sub, true
}

// isNameByte reports whether c may be in a section's or a key's name.
func isNameByte(c byte) bool {
	return isLetter(c) || c >= '0' && c <= '9' || c == '-'
}

func isLetter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
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
