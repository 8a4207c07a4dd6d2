package cfgtree

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"

	"github.com/pelletier/go-toml/v2/unstable"

	"handbook/internal/diag"
)

// ParseTOML reads a zensical.toml into the same Node tree mkdocs.yml gives,
// so one loader reads both. Zensical keeps MkDocs' settings under
// [project]: that table becomes the root (extensions under
// [project.markdown_extensions.NAME] and plugins under
// [project.plugins.NAME] are mappings of names to options, a form the
// MkDocs loader reads too).
func ParseTOML(path string, data []byte) (*Node, diag.List) {
	t := &tomlTree{path: path, p: &unstable.Parser{}, root: &Node{Kind: Map, Line: 1, Col: 1, File: path},
		lineStarts: lineStarts(data), keys: map[*Node]map[string]*Node{}}
	t.p.Reset(data)
	t.table = t.root
	for t.p.NextExpression() {
		t.expression(t.p.Expression())
	}
	if err := t.p.Error(); err != nil {
		t.diags = append(t.diags, t.parseError(err))
		return nil, t.diags
	}
	project := t.root.Get("project")
	if project == nil {
		t.diags.Errorf(path, 1, 1, "config", "%s has no [project] table (Zensical keeps its settings there)", filepath.Base(path))
		return nil, t.diags
	}
	if project.Kind != Map {
		t.errorAt(project, "project must be a table")
		return nil, t.diags
	}
	return project, t.diags
}

// tomlTree builds nodes from go-toml's expression stream.
type tomlTree struct {
	path  string
	p     *unstable.Parser
	root  *Node
	table *Node // the table the next key = value lines go into
	diags diag.List
	// lineStarts are the offsets at which the lines begin, and keys each
	// table's values by key: with them placing a value and finding a key
	// cost the same in a file of any size (go-toml's Shape counts lines
	// from the top, and Node.Get scans the keys, each quadratic on a big
	// file: 40,000 keys took 70 s).
	lineStarts []int
	keys       map[*Node]map[string]*Node
}

func lineStarts(data []byte) []int {
	starts := []int{0}
	for i, b := range data {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// place is the line and column (in bytes, as go-toml counts them) of an
// offset into the file.
func (t *tomlTree) place(offset int) (line, col int) {
	line = sort.Search(len(t.lineStarts), func(i int) bool { return t.lineStarts[i] > offset })
	return line, offset - t.lineStarts[line-1] + 1
}

// get is table.Get(key), through the index of the tables this tree built.
func (t *tomlTree) get(table *Node, key string) *Node {
	return t.keys[table][key]
}

// add appends key: v to table, indexing it.
func (t *tomlTree) add(table, key, v *Node) {
	table.Keys = append(table.Keys, key)
	table.Vals = append(table.Vals, v)
	if t.keys[table] == nil {
		t.keys[table] = map[string]*Node{}
	}
	t.keys[table][key.Text] = v
}

func (t *tomlTree) expression(e *unstable.Node) {
	switch e.Kind {
	case unstable.Table:
		t.table = t.descend(t.root, e.Key(), false)
	case unstable.ArrayTable:
		t.table = t.descend(t.root, e.Key(), true)
	case unstable.KeyValue:
		t.keyValue(t.table, e)
	}
}

// keyValue sets key = value (a dotted key makes the tables on its way).
func (t *tomlTree) keyValue(table *Node, kv *unstable.Node) {
	keys := t.keyParts(kv.Key())
	if len(keys) == 0 || table == nil {
		return
	}
	for _, k := range keys[:len(keys)-1] {
		table = t.child(table, k, false)
		if table == nil {
			return
		}
	}
	last := keys[len(keys)-1]
	if t.get(table, last.Text) != nil {
		t.errorAt(last, "duplicate key %q", last.Text)
		return
	}
	t.add(table, last, t.value(kv.Value(), last))
}

// descend finds or makes the table a [a.b.c] or [[a.b.c]] header names; an
// array table appends a new mapping to the list at its key.
func (t *tomlTree) descend(from *Node, it unstable.Iterator, array bool) *Node {
	keys := t.keyParts(it)
	if len(keys) == 0 {
		return nil
	}
	table := from
	for _, k := range keys[:len(keys)-1] {
		if table = t.child(table, k, false); table == nil {
			return nil
		}
	}
	return t.child(table, keys[len(keys)-1], array)
}

// child returns the table under key k in table, making it when absent; for
// a list of tables (the last [[…]] one) it returns the list's last mapping,
// or a new one appended when appendNew.
func (t *tomlTree) child(table *Node, k *Node, appendNew bool) *Node {
	v := t.get(table, k.Text)
	if v == nil {
		v = &Node{Kind: Map, Line: k.Line, Col: k.Col, File: t.path}
		if appendNew {
			v = &Node{Kind: List, Line: k.Line, Col: k.Col, File: t.path}
		}
		t.add(table, k, v)
	}
	if v.Kind == List {
		if appendNew || len(v.Items) == 0 {
			v.Items = append(v.Items, &Node{Kind: Map, Line: k.Line, Col: k.Col, File: t.path})
		}
		v = v.Items[len(v.Items)-1]
	}
	if v.Kind != Map {
		t.errorAt(k, "key %q is already a value, not a table", k.Text)
		return nil
	}
	return v
}

func (t *tomlTree) keyParts(it unstable.Iterator) []*Node {
	var keys []*Node
	for it.Next() {
		k := it.Node()
		n := t.at(k)
		n.Kind, n.Text = Scalar, string(k.Data)
		keys = append(keys, n)
	}
	return keys
}

// value converts a TOML value; near is used for positions go-toml does not
// record (it keeps ranges for keys and strings, not for every value).
func (t *tomlTree) value(v *unstable.Node, near *Node) *Node {
	n := t.at(v)
	if n.Line == 0 {
		n.Line, n.Col = near.Line, near.Col
	}
	switch v.Kind {
	case unstable.Array:
		n.Kind = List
		for it := v.Children(); it.Next(); {
			n.Items = append(n.Items, t.value(it.Node(), n))
		}
	case unstable.InlineTable:
		n.Kind = Map
		for it := v.Children(); it.Next(); {
			t.keyValue(n, it.Node())
		}
	default:
		n.Kind, n.Text = Scalar, string(v.Data)
	}
	return n
}

// at makes a Node placed where v is in the file.
func (t *tomlTree) at(v *unstable.Node) *Node {
	n := &Node{File: t.path}
	if v.Raw.Length > 0 {
		n.Line, n.Col = t.place(int(v.Raw.Offset))
	}
	return n
}

func (t *tomlTree) errorAt(n *Node, format string, args ...any) {
	t.diags.Errorf(t.path, n.Line, n.Col, "config", format, args...)
}

// parseError places a TOML syntax error at its line and column.
func (t *tomlTree) parseError(err error) diag.Diagnostic {
	d := diag.Diagnostic{Path: t.path, Line: 1, Col: 1, Severity: diag.Error, Code: "toml", Message: fmt.Sprintf("invalid TOML: %v", err)}
	var pe *unstable.ParserError
	if errors.As(err, &pe) && len(pe.Highlight) > 0 {
		if r, ok := t.rangeOf(pe.Highlight); ok {
			s := t.p.Shape(r)
			d.Line, d.Col = s.Start.Line, s.Start.Column
		}
	}
	return d
}

// rangeOf is Parser.Range without its panic for a slice of other data.
func (t *tomlTree) rangeOf(b []byte) (r unstable.Range, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return t.p.Range(b), true
}
