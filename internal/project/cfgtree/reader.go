package cfgtree

import (
	"fmt"
	"strconv"
	"strings"

	"handbook/internal/diag"
)

// Reader reads settings from a config tree, reporting each problem at
// the node it comes from (in the config file that node was read from:
// a parent config's setting is reported in the parent), and collecting
// notes on what handbook import cannot carry over.
type Reader struct {
	Path  string // the config file, as messages name it
	Diags diag.List
	Notes []string
}

// FileOf is the config file n was read from.
func (r *Reader) FileOf(n *Node) string {
	if n.File != "" {
		return n.File
	}
	return r.Path
}

// ErrorAt reports an error at n.
func (r *Reader) ErrorAt(n *Node, format string, args ...any) {
	r.Diags.Errorf(r.FileOf(n), n.Line, n.Col, "config", format, args...)
}

// WarnAt reports a warning of this code at n.
func (r *Reader) WarnAt(n *Node, code, format string, args ...any) {
	r.Diags.Warnf(r.FileOf(n), n.Line, n.Col, code, format, args...)
}

// Note records what handbook import cannot carry over.
func (r *Reader) Note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

// OptStr reads an optional string key ("" when absent or null).
func (r *Reader) OptStr(m *Node, key string) string {
	v := m.Get(key)
	if v.IsNull() {
		return ""
	}
	return r.Str(v, key)
}

// Str reads a scalar as text; a list or mapping is an error.
func (r *Reader) Str(v *Node, what string) string {
	if v.Kind != Scalar {
		r.ErrorAt(v, "%s must be a string", what)
		return ""
	}
	return v.Text
}

// Bool reads true/false (and YAML 1.1's yes/no, on/off).
func (r *Reader) Bool(v *Node, what string) bool {
	if v.Kind == Scalar {
		switch strings.ToLower(v.Text) {
		case "true", "yes", "on":
			return true
		case "false", "no", "off", "":
			return false
		}
	}
	r.ErrorAt(v, "%s must be true or false", what)
	return false
}

// Int reads a whole number.
func (r *Reader) Int(v *Node, what string) (int, bool) {
	if v.Kind == Scalar {
		if n, err := strconv.Atoi(strings.TrimSpace(v.Text)); err == nil {
			return n, true
		}
	}
	r.ErrorAt(v, "%s must be a whole number", what)
	return 0, false
}

// EachNamed calls fn for each entry of an MkDocs "names with options"
// list (markdown_extensions, plugins), in order: a list of names or of
// one-key mappings {name: options}, or a plain mapping of names
// (Zensical's [project.plugins.NAME] form).
func (r *Reader) EachNamed(list *Node, key string, fn func(name string, opts, at *Node)) {
	switch list.Kind {
	case Map:
		for i, k := range list.Keys {
			fn(k.Text, list.Vals[i], k)
		}
		return
	case List:
	default:
		r.ErrorAt(list, "%s must be a list", key)
		return
	}
	for _, it := range list.Items {
		switch it.Kind {
		case Scalar:
			fn(it.Text, nil, it)
		case Map:
			for i, k := range it.Keys {
				fn(k.Text, it.Vals[i], k)
			}
		default:
			r.ErrorAt(it, "%s entry must be a name or a mapping {name: options}", key)
		}
	}
}
