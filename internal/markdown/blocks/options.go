package blocks

import (
	"fmt"
	"strings"

	"github.com/goccy/go-yaml"

	"handbook/internal/project/cfgtree"
)

// Attr is one HTML attribute.
type Attr struct{ Name, Value string }

// blockOptions are a block's per-block options, read from the indented
// YAML lines under its header.
type blockOptions struct {
	attrs    []Attr
	typ      string
	open     bool
	new      bool
	selected bool
	markdown string
}

// allowed lists the per-block options of each kind besides attrs.
var allowed = map[kind][]string{
	kindAdmonition: {"type"},
	kindDetails:    {"type", "open"},
	kindTab:        {"new", "select"},
	kindHTML:       {"markdown"},
}

// parseOptions reads the YAML option lines; problems are returned as
// messages and the option they concern is ignored.
func parseOptions(k kind, src string) (blockOptions, []string) {
	var o blockOptions
	if strings.TrimSpace(src) == "" {
		return o, nil
	}
	data := []byte(dedentText(src))
	if err := cfgtree.CheckYAML(data); err != nil {
		return o, []string{"block options are not read: " + err.Error()}
	}
	var raw yaml.MapSlice
	if err := yaml.UnmarshalWithOptions(data, &raw, yaml.UseOrderedMap()); err != nil {
		return o, []string{"block options are not a YAML mapping: " + firstLine(err.Error())}
	}
	var problems []string
	for _, item := range raw {
		if msg := o.set(k, fmt.Sprint(item.Key), item.Value); msg != "" {
			problems = append(problems, msg)
		}
	}
	return o, problems
}

// set applies one option and returns a problem, or "".
func (o *blockOptions) set(k kind, key string, v any) string {
	if key != "attrs" && !contains(allowed[k], key) {
		return fmt.Sprintf("unknown option %q for this block (ignored)", key)
	}
	var ok bool
	switch key {
	case "attrs":
		o.attrs, ok = attrsValue(v)
	case "type":
		o.typ, ok = v.(string)
	case "open":
		o.open, ok = boolValue(v)
	case "new":
		o.new, ok = boolValue(v)
	case "select":
		o.selected, ok = boolValue(v)
	case "markdown":
		o.markdown, ok = v.(string)
		ok = ok && contains([]string{"auto", "block", "inline", "raw", "html"}, o.markdown)
	}
	if !ok {
		return fmt.Sprintf("option %q has an invalid value %v (ignored)", key, v)
	}
	return ""
}

func boolValue(v any) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		switch strings.ToLower(x) {
		case "true", "yes", "on", "1":
			return true, true
		case "false", "no", "off", "0":
			return false, true
		}
	case uint64:
		return x != 0, true
	case int64:
		return x != 0, true
	}
	return false, false
}

// attrsValue reads attrs: a mapping of attribute names to values, or a
// selector-like string (`#id.class[name=value]`).
func attrsValue(v any) ([]Attr, bool) {
	switch x := v.(type) {
	case string:
		tag, attrs, ok := parseSelector(x)
		return attrs, ok && tag == ""
	case yaml.MapSlice:
		var attrs []Attr
		for _, item := range x {
			name := fmt.Sprint(item.Key)
			if !validAttrName(name) {
				return nil, false
			}
			attrs = append(attrs, Attr{name, scalarString(item.Value)})
		}
		return attrs, true
	}
	return nil, false
}

func scalarString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		if x {
			return "true"
		}
		return "false"
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = scalarString(p)
		}
		return strings.Join(parts, " ")
	}
	return fmt.Sprint(v)
}

func validAttrName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		if c <= ' ' || strings.ContainsRune("\"'>/=<", c) {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// dedentText removes the indentation every non-blank line shares.
func dedentText(s string) string {
	lines := strings.Split(s, "\n")
	margin := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " "))
		if margin < 0 || n < margin {
			margin = n
		}
	}
	for i, l := range lines {
		if len(l) >= margin && margin > 0 {
			lines[i] = l[margin:]
		} else {
			lines[i] = strings.TrimLeft(l, " ")
		}
	}
	return strings.Join(lines, "\n")
}

// merge adds attrs to base: classes are appended to base's class, other
// attributes replace or follow base's.
func merge(base, attrs []Attr) []Attr {
	out := append([]Attr(nil), base...)
	for _, a := range attrs {
		i := indexAttr(out, a.Name)
		switch {
		case i < 0:
			out = append(out, a)
		case a.Name == "class" && out[i].Value != "":
			out[i].Value += " " + a.Value
		default:
			out[i].Value = a.Value
		}
	}
	return out
}

func indexAttr(attrs []Attr, name string) int {
	for i, a := range attrs {
		if a.Name == name {
			return i
		}
	}
	return -1
}

// parseSelector parses `tag#id.class[name=value name2="quoted value"]`,
// the notation of html blocks (the tag is optional).
func parseSelector(s string) (tag string, attrs []Attr, ok bool) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && isNameByte(s[i]) {
		i++
	}
	tag = s[:i]
	var classes []string
	for i < len(s) {
		switch s[i] {
		case '#', '.':
			j := i + 1
			for j < len(s) && isNameByte(s[j]) {
				j++
			}
			if j == i+1 {
				return "", nil, false
			}
			if s[i] == '#' {
				attrs = setAttr(attrs, "id", s[i+1:j])
			} else {
				classes = append(classes, s[i+1:j])
			}
			i = j
		case '[':
			var more []Attr
			var ok bool
			more, i, ok = parseBracket(s, i+1)
			if !ok {
				return "", nil, false
			}
			for _, a := range more {
				attrs = setAttr(attrs, a.Name, a.Value)
			}
		default:
			return "", nil, false
		}
	}
	if len(classes) > 0 {
		attrs = merge(attrs, []Attr{{"class", strings.Join(classes, " ")}})
	}
	return tag, attrs, true
}

func setAttr(attrs []Attr, name, value string) []Attr {
	if i := indexAttr(attrs, name); i >= 0 {
		attrs[i].Value = value
		return attrs
	}
	return append(attrs, Attr{name, value})
}

// parseBracket parses `name=value name2="v" flag]` from s[i:].
func parseBracket(s string, i int) ([]Attr, int, bool) {
	var attrs []Attr
	for {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i >= len(s) {
			return nil, i, false
		}
		if s[i] == ']' {
			return attrs, i + 1, true
		}
		j := i
		for j < len(s) && isNameByte(s[j]) {
			j++
		}
		if j == i {
			return nil, i, false
		}
		name := s[i:j]
		i = j
		if i >= len(s) || s[i] != '=' {
			attrs = append(attrs, Attr{name, ""})
			continue
		}
		value, next, ok := attrValue(s, i+1)
		if !ok {
			return nil, i, false
		}
		attrs = append(attrs, Attr{name, value})
		i = next
	}
}

// attrValue reads a quoted or bare value at s[i:].
func attrValue(s string, i int) (string, int, bool) {
	if i < len(s) && (s[i] == '"' || s[i] == '\'') {
		end := strings.IndexByte(s[i+1:], s[i])
		if end < 0 {
			return "", i, false
		}
		return s[i+1 : i+1+end], i + end + 2, true
	}
	j := i
	for j < len(s) && s[j] != ' ' && s[j] != ']' {
		j++
	}
	return s[i:j], j, true
}

func isNameByte(c byte) bool {
	return c == '-' || c == '_' || c == ':' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}
