// Package attrs implements the attribute lists of Python-Markdown's attr_list
// extension (`{ #id .class key="value" }`, also written `{: … }`) as a
// goldmark extension: on the line after a paragraph or list item, right after
// a link or image, and at the end of a heading.
package attrs

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
)

// Attribute is one parsed attribute. Classes are collected into a single
// "class" attribute, space-separated, in the order written.
type Attribute struct {
	Name  string
	Value []byte
}

// Parse parses an attribute list at the start of b, such as
// `{ #id .a .b data-x="1 2" title='t' k=v }`, and returns the attributes and
// the number of bytes it spans. Like attr_list, the list may not contain '}'
// or a line break and may not be empty; unlike attr_list, a bare word without
// '#', '.' or '=' makes the whole list invalid, so prose and code in braces
// stay text.
func Parse(b []byte) ([]Attribute, int, bool) {
	if len(b) < 3 || b[0] != '{' {
		return nil, 0, false
	}
	i := 1
	if b[i] == ':' {
		i++
	}
	var list attributeList
	for {
		i = skipSpaces(b, i)
		if i >= len(b) {
			return nil, 0, false
		}
		if b[i] == '}' {
			if list.empty() {
				return nil, 0, false
			}
			return list.attributes(), i + 1, true
		}
		next, ok := list.parseToken(b, i)
		if !ok {
			return nil, 0, false
		}
		i = next
	}
}

// attributeList accumulates tokens; id and class get their special merging.
type attributeList struct {
	id      []byte
	classes [][]byte
	others  []Attribute
}

func (l *attributeList) empty() bool {
	return l.id == nil && len(l.classes) == 0 && len(l.others) == 0
}

// attributes returns id, then class, then the others in written order.
func (l *attributeList) attributes() []Attribute {
	var out []Attribute
	if l.id != nil {
		out = append(out, Attribute{"id", l.id})
	}
	if len(l.classes) > 0 {
		out = append(out, Attribute{"class", bytes.Join(l.classes, []byte(" "))})
	}
	return append(out, l.others...)
}

// parseToken reads one `#id`, `.class` or `key=value` token at b[i:] and
// returns the index after it. A token must be followed by a space or '}'.
func (l *attributeList) parseToken(b []byte, i int) (int, bool) {
	switch b[i] {
	case '#', '.':
		end := wordEnd(b, i+1)
		if end <= i+1 {
			return 0, false
		}
		if b[i] == '#' {
			l.id = b[i+1 : end]
		} else {
			l.classes = append(l.classes, b[i+1:end])
		}
		return end, true
	}
	return l.parseKeyValue(b, i)
}

func (l *attributeList) parseKeyValue(b []byte, i int) (int, bool) {
	keyEnd := i
	for keyEnd < len(b) && isKeyByte(b[keyEnd], keyEnd == i) {
		keyEnd++
	}
	if keyEnd == i || keyEnd >= len(b) || b[keyEnd] != '=' {
		return 0, false
	}
	value, end, ok := parseValue(b, keyEnd+1)
	if !ok {
		return 0, false
	}
	key := string(b[i:keyEnd])
	if key == "class" {
		l.classes = append(l.classes, value)
	} else if key == "id" {
		l.id = value
	} else {
		l.others = append(l.others, Attribute{key, value})
	}
	return end, true
}

// parseValue reads a quoted ("…" or '…') or unquoted value at b[i:].
func parseValue(b []byte, i int) ([]byte, int, bool) {
	if i >= len(b) {
		return nil, 0, false
	}
	if quote := b[i]; quote == '"' || quote == '\'' {
		for j := i + 1; j < len(b) && b[j] != '}' && b[j] != '\n' && b[j] != '\r'; j++ {
			if b[j] == quote {
				return b[i+1 : j], j + 1, followsToken(b, j+1)
			}
		}
		return nil, 0, false
	}
	end := wordEnd(b, i)
	if end <= i {
		return nil, 0, false
	}
	return b[i:end], end, true
}

// followsToken reports whether b[i] may follow a token: a space or '}'.
func followsToken(b []byte, i int) bool {
	return i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '}')
}

// wordEnd returns the end of the unquoted word starting at b[i:], which
// stops at a space or '}', or -1 when the word runs into a character that
// makes the list invalid (a brace, '=', a quote or a line break) or into the
// end of b.
func wordEnd(b []byte, i int) int {
	for ; i < len(b); i++ {
		switch b[i] {
		case ' ', '\t', '}':
			return i
		case '{', '=', '"', '\'', '\n', '\r':
			return -1
		}
	}
	return -1
}

func skipSpaces(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	return i
}

// isKeyByte matches an HTML attribute name: a letter, '_' or ':' first, then
// also digits, '-' and '.'.
func isKeyByte(c byte, first bool) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c == ':':
		return true
	case first:
		return false
	default:
		return (c >= '0' && c <= '9') || c == '-' || c == '.'
	}
}

// apply sets the attributes on node, adding classes to any it already has.
func apply(node ast.Node, list []Attribute) {
	for _, a := range list {
		if a.Name == "class" {
			if existing, ok := node.AttributeString("class"); ok {
				if b, isBytes := existing.([]byte); isBytes && len(b) > 0 {
					node.SetAttributeString("class", append(append(append([]byte{}, b...), ' '), a.Value...))
					continue
				}
			}
		}
		node.SetAttributeString(a.Name, a.Value)
	}
}
