package project

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"handbook/internal/diag"
)

// tree reads one config file (data is its content) into nodes, with the
// files it INHERITs from merged under it as MkDocs does: the parent's path
// is relative to the file naming it, the chain may go on (a cycle is an
// error), mappings are merged key by key and anything else, lists
// included, is replaced by the child's value. chain holds the files
// already on the way (absolute paths).
func (l *loader) tree(path string, data []byte, chain []string) *node {
	l.files = append(l.files, path)
	var root *node
	var diags diag.List
	if isTOML(path) {
		root, diags = parseTOML(path, data)
	} else {
		root, diags = parseYAML(path, data)
	}
	l.diags = append(l.diags, diags...)
	if root == nil {
		return nil
	}
	if root.kind == nullKind {
		root = &node{kind: mapKind, line: 1, col: 1, file: path}
	}
	if root.kind != mapKind {
		l.errorAt(root, "%s must be a mapping of keys to values", displayName(path))
		return nil
	}
	inherit := root.get("INHERIT")
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
func (l *loader) parent(child string, inherit *node, chain []string) *node {
	if inherit.kind != scalarKind || strings.TrimSpace(inherit.text) == "" {
		l.errorAt(inherit, "INHERIT must name a config file")
		return nil
	}
	p := filepath.FromSlash(strings.TrimSpace(inherit.text))
	if !filepath.IsAbs(p) {
		p = filepath.Join(filepath.Dir(child), p)
	}
	abs, _ := filepath.Abs(p)
	self, _ := filepath.Abs(child)
	chain = append(chain, self)
	if slices.Contains(chain, abs) {
		l.errorAt(inherit, "INHERIT cycle: %s inherits from itself through %s", displayName(p), inherit.text)
		return nil
	}
	data, err := os.ReadFile(p)
	if err != nil {
		if os.IsNotExist(err) {
			l.errorAt(inherit, "INHERIT names %s, which does not exist", p)
		} else {
			l.errorAt(inherit, "INHERIT names %s, which cannot be read: %v", p, err)
		}
		return nil
	}
	return l.tree(p, data, chain)
}

// merge returns child deep-merged over parent (MkDocs' INHERIT rule).
func merge(parent, child *node) *node {
	if parent == nil || parent.kind != mapKind || child.kind != mapKind {
		return child
	}
	out := &node{kind: mapKind, line: child.line, col: child.col, file: child.file, tag: child.tag}
	out.keys = append(out.keys, parent.keys...)
	out.vals = append(out.vals, parent.vals...)
	for i, k := range child.keys {
		j := slices.IndexFunc(out.keys, func(x *node) bool { return x.text == k.text })
		if j < 0 {
			out.keys = append(out.keys, k)
			out.vals = append(out.vals, child.vals[i])
			continue
		}
		out.keys[j], out.vals[j] = k, merge(out.vals[j], child.vals[i])
	}
	return out
}

// withoutKey is mapping m without key.
func withoutKey(m *node, key string) *node {
	out := *m
	out.keys, out.vals = nil, nil
	for i, k := range m.keys {
		if k.text != key {
			out.keys = append(out.keys, k)
			out.vals = append(out.vals, m.vals[i])
		}
	}
	return &out
}

func isTOML(path string) bool { return strings.EqualFold(filepath.Ext(path), ".toml") }

// displayName is a config file's name as messages show it.
func displayName(path string) string { return filepath.Base(path) }
