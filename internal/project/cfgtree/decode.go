// Package cfgtree reads a config file, YAML with MkDocs' tags or TOML, into
// a tree of values that keep their file, line and column, and holds the
// YAML helpers the front matter uses too.
package cfgtree

import (
	"errors"
	"fmt"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"

	"handbook/internal/diag"
)

// DecodeNode decodes a YAML Node into v like yaml.NodeToValue, but turns a
// panic inside the YAML library (it has some on odd tagged values, found by
// fuzzing) into an error at the Node's position.
func DecodeNode(n ast.Node, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = nodeError{n.GetToken(), fmt.Sprintf("cannot read this value (%v)", r)}
		}
	}()
	return yaml.NodeToValue(n, v)
}

// nodeError is an error at a YAML token, in the shape YAMLDiagnostic reads.
type nodeError struct {
	tk  *token.Token
	msg string
}

func (e nodeError) Error() string          { return e.msg }
func (e nodeError) GetToken() *token.Token { return e.tk }
func (e nodeError) GetMessage() string     { return e.msg }

type yamlError interface {
	GetToken() *token.Token
	GetMessage() string
}

// YAMLDiagnostic turns a go-yaml error into a diagnostic with the file, line
// and column; lineOffset is added to the line (front matter starts after
// the opening "---").
func YAMLDiagnostic(path string, err error, lineOffset int) diag.Diagnostic {
	d := diag.Diagnostic{Path: path, Severity: diag.Error, Code: "yaml"}
	var ye yamlError
	if errors.As(err, &ye) {
		if tk := ye.GetToken(); tk != nil {
			d.Line, d.Col = tk.Position.Line+lineOffset, tk.Position.Column
		}
		d.Message = "invalid YAML: " + ye.GetMessage()
		return d
	}
	d.Line = 1 + lineOffset
	d.Message = fmt.Sprintf("invalid YAML: %v", err)
	return d
}

// TextOr is a scalar's text, or def.
func (n *Node) TextOr(def string) string {
	if n == nil || n.Kind != Scalar {
		return def
	}
	return n.Text
}

// Texts lists the scalar items of a list (or the scalar itself).
func (n *Node) Texts() []string {
	switch {
	case n.IsNull():
		return nil
	case n.Kind == Scalar:
		return []string{n.Text}
	}
	var out []string
	for _, it := range n.Items {
		if it.Kind == Scalar {
			out = append(out, it.Text)
		}
	}
	return out
}

// PythonName names the Python callable a !!python/… value refers to
// (!!python/name:pymdownx.slugs.slugify), else the value's text.
func (n *Node) PythonName() string {
	if i := strings.Index(n.Tag, ":"); strings.HasPrefix(n.Tag, "!!python/") && i >= 0 {
		return n.Tag[i+1:]
	}
	return n.Text
}
