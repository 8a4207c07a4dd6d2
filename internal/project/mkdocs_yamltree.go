package project

import (
	"fmt"
	"os"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"handbook/internal/diag"
)

// kind is the shape of a YAML value once MkDocs' tags are resolved.
type kind int

const (
	nullKind kind = iota
	scalarKind
	listKind
	mapKind
)

// node is a YAML value with its position; tags are already resolved, so
// the rest of the package never sees !ENV or !!python/… .
type node struct {
	kind  kind
	text  string  // scalar text (bools and numbers as written)
	items []*node // list items
	keys  []*node // map keys (scalars), parallel to vals
	vals  []*node
	line  int
	col   int
	tag   string // the MkDocs tag that produced this value, if any
	file  string // the config file it was read from (configs INHERIT from others)
}

func (n *node) isNull() bool { return n == nil || n.kind == nullKind }

// get returns the value under key in a mapping, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != mapKind {
		return nil
	}
	for i, k := range n.keys {
		if k.text == key {
			return n.vals[i]
		}
	}
	return nil
}

// keyNode returns the key node itself (for its position), or nil.
func (n *node) keyNode(key string) *node {
	if n == nil || n.kind != mapKind {
		return nil
	}
	for _, k := range n.keys {
		if k.text == key {
			return k
		}
	}
	return nil
}

// maxNodes bounds the values built from one file, so aliases that expand
// exponentially ("billion laughs") stop with an error instead of eating memory.
const maxNodes = 200000

// parseYAML reads mkdocs.yml into a node tree. MkDocs' custom tags are
// resolved: !ENV from the environment, !!python/name:x to the string "x",
// !!python/object/apply and !relative to their value.
func parseYAML(path string, data []byte) (*node, diag.List) {
	var diags diag.List
	tokens := fillEmptyTags(lexer.Tokenize(string(data)))
	file, err := parseTokens(tokens)
	if err != nil {
		diags = append(diags, YAMLDiagnostic(path, err, 0))
		return nil, diags
	}
	if len(file.Docs) == 0 || file.Docs[0] == nil || file.Docs[0].Body == nil {
		return &node{kind: mapKind, line: 1, col: 1}, diags
	}
	c := &converter{path: path, anchors: map[string]*node{}, budget: maxNodes}
	root := c.convert(file.Docs[0].Body)
	return root, append(diags, c.diags...)
}

// parseTokens runs go-yaml's parser, turning a panic inside it into an error
// so that no input can crash a build.
func parseTokens(tokens token.Tokens) (file *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			file, err = nil, fmt.Errorf("YAML parser failed: %v", r)
		}
	}()
	return parser.Parse(tokens, 0)
}

// fillEmptyTags inserts an explicit null after each tag that has no value
// on its line, such as "format: !!python/name:pkg.fn". go-yaml would
// otherwise take the next line's node (a sibling key or the next list item)
// as the tag's value and silently reshape the document.
func fillEmptyTags(tokens token.Tokens) token.Tokens {
	var out token.Tokens
	for i, tk := range tokens {
		out.Add(tk)
		if tk.Type == token.TagType && tagIsEmpty(tokens, i) {
			pos := *tk.Position
			pos.Column += len(tk.Value) + 1
			pos.Offset += len(tk.Value) + 1
			out.Add(token.New("null", "null", &pos))
		}
	}
	return out
}

func tagIsEmpty(tokens token.Tokens, i int) bool {
	tag := tokens[i]
	next := nextSignificant(tokens, i)
	if next == nil {
		return true
	}
	switch next.Type {
	case token.CollectEntryType, token.SequenceEndType, token.MappingEndType,
		token.DocumentEndType, token.DocumentHeaderType:
		return true
	}
	if next.Position.Line == tag.Position.Line {
		return false
	}
	ownerCol, ownerIsKey := tagOwnerColumn(tokens, i)
	if next.Position.Column > ownerCol {
		return false // an indented block below the key: the tag's value
	}
	// "key: !tag" followed by "- item" at the key's own indentation is a
	// block sequence that belongs to the key.
	sameIndentList := next.Position.Column == ownerCol && ownerIsKey && next.Type == token.SequenceEntryType
	return !sameIndentList
}

// tagOwnerColumn is the column of the mapping key or list dash the tag's
// value belongs to (0 when the tag opens the document).
func tagOwnerColumn(tokens token.Tokens, i int) (col int, isKey bool) {
	j := prevSignificant(tokens, i)
	for j >= 0 && tokens[j].Type == token.AnchorType {
		j = prevSignificant(tokens, j)
	}
	if j < 0 {
		return 0, false
	}
	switch tokens[j].Type {
	case token.SequenceEntryType:
		return tokens[j].Position.Column, false
	case token.MappingValueType:
		if k := prevSignificant(tokens, j); k >= 0 {
			return tokens[k].Position.Column, true
		}
	}
	return 0, false
}

func nextSignificant(tokens token.Tokens, i int) *token.Token {
	for j := i + 1; j < len(tokens); j++ {
		if tokens[j].Type != token.CommentType {
			return tokens[j]
		}
	}
	return nil
}

func prevSignificant(tokens token.Tokens, i int) int {
	for j := i - 1; j >= 0; j-- {
		if tokens[j].Type != token.CommentType {
			return j
		}
	}
	return -1
}

// converter turns go-yaml's AST into nodes.
type converter struct {
	path    string
	anchors map[string]*node
	budget  int
	diags   diag.List
	overrun bool
}

func (c *converter) newNode(k kind, tk *token.Token) *node {
	c.budget--
	n := &node{kind: k, file: c.path}
	if tk != nil && tk.Position != nil {
		n.line, n.col = tk.Position.Line, tk.Position.Column
	}
	return n
}

func (c *converter) exhausted(tk *token.Token) bool {
	if c.budget > 0 {
		return false
	}
	if !c.overrun {
		c.overrun = true
		line, col := position(tk)
		c.diags.Errorf(c.path, line, col, "yaml", "invalid YAML: more than %d values (are aliases expanding without end?)", maxNodes)
	}
	return true
}

func position(tk *token.Token) (int, int) {
	if tk == nil || tk.Position == nil {
		return 0, 0
	}
	return tk.Position.Line, tk.Position.Column
}

func (c *converter) convert(n ast.Node) *node {
	if n == nil {
		return &node{kind: nullKind}
	}
	tk := n.GetToken()
	if c.exhausted(tk) {
		return &node{kind: nullKind}
	}
	switch n := n.(type) {
	case *ast.TagNode:
		return c.resolveTag(n)
	case *ast.AnchorNode:
		v := c.convert(n.Value)
		c.anchors[n.Name.String()] = v
		return v
	case *ast.AliasNode:
		return c.alias(n)
	case *ast.MappingNode:
		m := c.newNode(mapKind, tk)
		for _, kv := range n.Values {
			c.addPair(m, kv)
		}
		return m
	case *ast.MappingValueNode:
		m := c.newNode(mapKind, tk)
		c.addPair(m, n)
		return m
	case *ast.SequenceNode:
		l := c.newNode(listKind, tk)
		for _, v := range n.Values {
			l.items = append(l.items, c.convert(v))
		}
		return l
	case *ast.MappingKeyNode:
		return c.convert(n.Value)
	case *ast.NullNode, *ast.CommentNode:
		return c.newNode(nullKind, tk)
	case *ast.StringNode:
		s := c.newNode(scalarKind, tk)
		s.text = n.Value
		return s
	case *ast.LiteralNode:
		s := c.newNode(scalarKind, tk)
		if n.Value != nil {
			s.text = n.Value.Value
		}
		return s
	case ast.ScalarNode:
		s := c.newNode(scalarKind, tk)
		if tk != nil {
			s.text = tk.Value
		}
		return s
	}
	return c.newNode(nullKind, tk)
}

// addPair adds one key: value to m; "<<: *anchor" merges a mapping in.
func (c *converter) addPair(m *node, kv *ast.MappingValueNode) {
	if kv == nil || kv.Key == nil {
		return
	}
	if _, isMerge := kv.Key.(*ast.MergeKeyNode); isMerge {
		src := c.convert(kv.Value)
		if src.kind == mapKind {
			for i := range src.keys {
				if m.get(src.keys[i].text) == nil {
					m.keys = append(m.keys, src.keys[i])
					m.vals = append(m.vals, src.vals[i])
				}
			}
		}
		return
	}
	key := c.convert(kv.Key)
	if key.kind != scalarKind {
		key.kind, key.text = scalarKind, ""
	}
	m.keys = append(m.keys, key)
	m.vals = append(m.vals, c.convert(kv.Value))
}

// alias copies the anchored value, so every node in the tree has one
// parent and the budget counts what aliases really expand to.
func (c *converter) alias(n *ast.AliasNode) *node {
	name := ""
	if n.Value != nil {
		name = n.Value.String()
	}
	src, ok := c.anchors[name]
	if !ok {
		line, col := position(n.GetToken())
		c.diags.Errorf(c.path, line, col, "yaml", "invalid YAML: alias *%s names no anchor defined before it", name)
		return c.newNode(nullKind, n.GetToken())
	}
	return c.copyNode(src, n.GetToken())
}

func (c *converter) copyNode(src *node, at *token.Token) *node {
	if c.exhausted(at) {
		return &node{kind: nullKind}
	}
	c.budget--
	cp := *src
	cp.items, cp.keys, cp.vals = nil, nil, nil
	for _, it := range src.items {
		cp.items = append(cp.items, c.copyNode(it, at))
	}
	for i := range src.keys {
		cp.keys = append(cp.keys, src.keys[i])
		cp.vals = append(cp.vals, c.copyNode(src.vals[i], at))
	}
	return &cp
}

// standardTags are YAML's own; their values are used as they are.
var standardTags = map[string]bool{
	"!!str": true, "!!int": true, "!!float": true, "!!bool": true, "!!null": true,
	"!!map": true, "!!seq": true, "!!binary": true, "!!timestamp": true, "!!omap": true, "!!set": true,
}

func (c *converter) resolveTag(n *ast.TagNode) *node {
	tag := ""
	if n.Start != nil {
		tag = n.Start.Value
	}
	switch {
	case tag == "!ENV":
		return c.resolveEnv(n)
	case strings.HasPrefix(tag, "!!python/name:"), strings.HasPrefix(tag, "!!python/module:"):
		// A reference to Python code (a function or class): its dotted name.
		s := c.newNode(scalarKind, n.Start)
		s.text = tag[strings.Index(tag, ":")+1:]
		s.tag = tag
		return s
	case strings.HasPrefix(tag, "!!python/"), tag == "!relative", standardTags[tag]:
		v := c.convert(n.Value)
		if tag != "" && !standardTags[tag] {
			v.tag = tag
		}
		return v
	}
	line, col := position(n.Start)
	c.diags.Warnf(c.path, line, col, "mkdocs-yaml", "unknown YAML tag %s: its value is used as it is", tag)
	return c.convert(n.Value)
}

// resolveEnv implements MkDocs' !ENV: "!ENV VAR" or "!ENV [VAR1, VAR2, default]";
// the first variable that is set wins, else the last list item is the default.
func (c *converter) resolveEnv(n *ast.TagNode) *node {
	v := c.convert(n.Value)
	var names []*node
	var fallback *node
	switch {
	case v.kind == scalarKind:
		names = []*node{v}
	case v.kind == listKind && len(v.items) == 1:
		names = v.items
	case v.kind == listKind && len(v.items) > 1:
		names, fallback = v.items[:len(v.items)-1], v.items[len(v.items)-1]
	default:
		line, col := position(n.Start)
		c.diags.Errorf(c.path, line, col, "mkdocs-yaml", "!ENV takes a variable name or a list [VAR, …, default]")
		return c.newNode(nullKind, n.Start)
	}
	for _, name := range names {
		if name.kind != scalarKind {
			continue
		}
		if value, ok := os.LookupEnv(name.text); ok {
			s := c.newNode(scalarKind, n.Start)
			s.text, s.tag = value, "!ENV"
			return s
		}
	}
	if fallback == nil {
		return c.newNode(nullKind, n.Start)
	}
	fallback.tag = "!ENV"
	return fallback
}
