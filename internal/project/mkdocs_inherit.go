package project

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"handbook/internal/project/cfgtree"

	"handbook/internal/diag"
)

// tree reads one config file (data is its content) into nodes, with the
// files it INHERITs from merged under it as MkDocs does: the parent's path
// is relative to the file naming it, the chain may go on (a cycle is an
// error), mappings are merged key by key and anything else, lists
// included, is replaced by the child's value. chain holds the files
// already on the way (absolute paths).
func (l *loader) tree(path string, data []byte, chain []string) *cfgtree.Node {
	l.files = append(l.files, path)
	var root *cfgtree.Node
	var diags diag.List
	if isTOML(path) {
		root, diags = cfgtree.ParseTOML(path, data)
	} else {
		root, diags = cfgtree.ParseYAML(path, data)
	}
	l.Diags = append(l.Diags, diags...)
	if root == nil {
		return nil
	}
	if root.Kind == cfgtree.Null {
		root = &cfgtree.Node{Kind: cfgtree.Map, Line: 1, Col: 1, File: path}
	}
	if root.Kind != cfgtree.Map {
		l.ErrorAt(root, "%s must be a mapping of keys to values", displayName(path))
		return nil
	}
	inherit := root.Get("INHERIT")
	if inherit == nil {
		return root
	}
	root = withoutKey(root, "INHERIT")
	parent := l.parent(path, inherit, chain)
	if parent == nil {
		return root
	}
	return merge(parent, root)
}

// parent reads the config an INHERIT value names.
func (l *loader) parent(child string, inherit *cfgtree.Node, chain []string) *cfgtree.Node {
	if inherit.Kind != cfgtree.Scalar || strings.TrimSpace(inherit.Text) == "" {
		l.ErrorAt(inherit, "INHERIT must name a config file")
		return nil
	}
	p := filepath.FromSlash(strings.TrimSpace(inherit.Text))
	if !filepath.IsAbs(p) {
		p = filepath.Join(filepath.Dir(child), p)
	}
	abs, _ := filepath.Abs(p)
	self, _ := filepath.Abs(child)
	chain = append(chain, self)
	if slices.Contains(chain, abs) {
		l.ErrorAt(inherit, "INHERIT cycle: %s inherits from itself through %s", displayName(p), inherit.Text)
		return nil
	}
	data, err := os.ReadFile(p)
	if err != nil {
		if os.IsNotExist(err) {
			l.ErrorAt(inherit, "INHERIT names %s, which does not exist", p)
		} else {
			l.ErrorAt(inherit, "INHERIT names %s, which cannot be read: %v", p, err)
		}
		return nil
	}
	return l.tree(p, data, chain)
}

// merge returns child deep-merged over parent (MkDocs' INHERIT rule).
func merge(parent, child *cfgtree.Node) *cfgtree.Node {
	if parent == nil || parent.Kind != cfgtree.Map || child.Kind != cfgtree.Map {
		return child
	}
	out := &cfgtree.Node{Kind: cfgtree.Map, Line: child.Line, Col: child.Col, File: child.File, Tag: child.Tag}
	out.Keys = append(out.Keys, parent.Keys...)
	out.Vals = append(out.Vals, parent.Vals...)
	for i, k := range child.Keys {
		j := slices.IndexFunc(out.Keys, func(x *cfgtree.Node) bool { return x.Text == k.Text })
		if j < 0 {
			out.Keys = append(out.Keys, k)
			out.Vals = append(out.Vals, child.Vals[i])
			continue
		}
		out.Keys[j], out.Vals[j] = k, merge(out.Vals[j], child.Vals[i])
	}
	return out
}

// withoutKey is mapping m without key.
func withoutKey(m *cfgtree.Node, key string) *cfgtree.Node {
	out := *m
	out.Keys, out.Vals = nil, nil
	for i, k := range m.Keys {
		if k.Text != key {
			out.Keys = append(out.Keys, k)
			out.Vals = append(out.Vals, m.Vals[i])
		}
	}
	return &out
}

func isTOML(path string) bool { return strings.EqualFold(filepath.Ext(path), ".toml") }

// displayName is a config file's name as messages show it.
func displayName(path string) string { return filepath.Base(path) }
