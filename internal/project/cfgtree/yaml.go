package cfgtree

import (
	"fmt"
	"os"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"handbook/internal/diag"
)

// Kind is the shape of a value (once MkDocs' YAML tags are resolved).
type Kind int

const (
	Null Kind = iota
	Scalar
	List
	Map
)

// Node is a config value with its position; YAML tags are already
// resolved, so a reader never sees !ENV or !!python/… .
type Node struct {
	Kind  Kind
	Text  string  // scalar text (bools and numbers as written)
	Items []*Node // list items
	Keys  []*Node // map keys (scalars), parallel to Vals
	Vals  []*Node
	Line  int
	Col   int
	Tag   string // the MkDocs tag that produced this value, if any
	File  string // the config file it was read from (configs INHERIT from others)
}

// IsNull reports whether n is absent or null.
func (n *Node) IsNull() bool { return n == nil || n.Kind == Null }

// Get returns the value under key in a mapping, or nil.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Map {
		return nil
	}
	for i, k := range n.Keys {
		if k.Text == key {
			return n.Vals[i]
		}
	}
	return nil
}

// KeyNode returns the key Node itself (for its position), or nil.
func (n *Node) KeyNode(key string) *Node {
	if n == nil || n.Kind != Map {
		return nil
	}
	for _, k := range n.Keys {
		if k.Text == key {
			return k
		}
	}
	return nil
}

// maxNodes bounds the values built from one file, so aliases that expand
// exponentially ("billion laughs") stop with an error instead of eating memory.
const maxNodes = 200000

// ParseYAML reads mkdocs.yml into a Node tree. MkDocs' custom tags are
// resolved: !ENV from the environment, !!python/name:x to the string "x",
// !!python/object/apply and !relative to their value.
func ParseYAML(path string, data []byte) (*Node, diag.List) {
	var diags diag.List
	tokens, err := lexYAML(data)
	if err != nil {
		diags = append(diags, YAMLDiagnostic(path, err, 0))
		return nil, diags
	}
	file, err := parseTokens(fillEmptyTags(tokens))
	if err != nil {
		diags = append(diags, YAMLDiagnostic(path, err, 0))
		return nil, diags
	}
	if len(file.Docs) == 0 || file.Docs[0] == nil || file.Docs[0].Body == nil {
		return &Node{Kind: Map, Line: 1, Col: 1}, diags
	}
	c := &converter{path: path, anchors: map[string]*Node{}, budget: maxNodes}
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
// otherwise take the next line's Node (a sibling key or the next list item)
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
	anchors map[string]*Node
	budget  int
	diags   diag.List
	overrun bool
}

func (c *converter) newNode(k Kind, tk *token.Token) *Node {
	c.budget--
	n := &Node{Kind: k, File: c.path}
	if tk != nil && tk.Position != nil {
		n.Line, n.Col = tk.Position.Line, tk.Position.Column
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

func (c *converter) convert(n ast.Node) *Node {
	if n == nil {
		return &Node{Kind: Null}
	}
	tk := n.GetToken()
	if c.exhausted(tk) {
		return &Node{Kind: Null}
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
		m := c.newNode(Map, tk)
		keys := mapKeys{}
		for _, kv := range n.Values {
			c.addPair(m, kv, keys)
		}
		return m
	case *ast.MappingValueNode:
		m := c.newNode(Map, tk)
		c.addPair(m, n, mapKeys{})
		return m
	case *ast.SequenceNode:
		l := c.newNode(List, tk)
		for _, v := range n.Values {
			l.Items = append(l.Items, c.convert(v))
		}
		return l
	case *ast.MappingKeyNode:
		return c.convert(n.Value)
	case *ast.NullNode, *ast.CommentNode:
		return c.newNode(Null, tk)
	case *ast.StringNode:
		s := c.newNode(Scalar, tk)
		s.Text = n.Value
		return s
	case *ast.LiteralNode:
		s := c.newNode(Scalar, tk)
		if n.Value != nil {
			s.Text = n.Value.Value
		}
		return s
	case ast.ScalarNode:
		s := c.newNode(Scalar, tk)
		if tk != nil {
			s.Text = tk.Value
		}
		return s
	}
	return c.newNode(Null, tk)
}

// mapKeys are the keys of a mapping being built: where each stands in
// it, and whether it was merged in ("<<") rather than written there.
type mapKeys map[string]keyAt

type keyAt struct {
	i      int
	merged bool
}

// addPair adds one key: value to m; "<<: *anchor" merges a mapping in. A
// key written twice is an error, as go-yaml makes it in block mappings
// (it lets one without a value pass in a flow mapping, "{a, a: 1}"); a
// key written in the mapping overrides a merged one, before or after the
// merge, as YAML's merge key and PyYAML have it.
func (c *converter) addPair(m *Node, kv *ast.MappingValueNode, keys mapKeys) {
	if kv == nil || kv.Key == nil {
		return
	}
	if _, isMerge := kv.Key.(*ast.MergeKeyNode); isMerge {
		src := c.convert(kv.Value)
		if src.Kind == Map {
			for i, k := range src.Keys {
				if _, ok := keys[k.Text]; !ok {
					keys[k.Text] = keyAt{len(m.Keys), true}
					m.Keys = append(m.Keys, k)
					m.Vals = append(m.Vals, src.Vals[i])
				}
			}
		}
		return
	}
	key := c.convert(kv.Key)
	if key.Kind != Scalar {
		key.Kind, key.Text = Scalar, ""
	}
	if at, ok := keys[key.Text]; ok {
		if !at.merged {
			first := m.Keys[at.i]
			c.diags.Errorf(c.path, key.Line, key.Col, "yaml", "invalid YAML: mapping key %q already defined at [%d:%d]", key.Text, first.Line, first.Col)
			return
		}
		keys[key.Text] = keyAt{at.i, false}
		m.Keys[at.i], m.Vals[at.i] = key, c.convert(kv.Value)
		return
	}
	keys[key.Text] = keyAt{len(m.Keys), false}
	m.Keys = append(m.Keys, key)
	m.Vals = append(m.Vals, c.convert(kv.Value))
}

// alias copies the anchored value, so every Node in the tree has one
// parent and the budget counts what aliases really expand to.
func (c *converter) alias(n *ast.AliasNode) *Node {
	name := ""
	if n.Value != nil {
		name = n.Value.String()
	}
	src, ok := c.anchors[name]
	if !ok {
		line, col := position(n.GetToken())
		c.diags.Errorf(c.path, line, col, "yaml", "invalid YAML: alias *%s names no anchor defined before it", name)
		return c.newNode(Null, n.GetToken())
	}
	return c.copyNode(src, n.GetToken())
}

func (c *converter) copyNode(src *Node, at *token.Token) *Node {
	if c.exhausted(at) {
		return &Node{Kind: Null}
	}
	c.budget--
	cp := *src
	cp.Items, cp.Keys, cp.Vals = nil, nil, nil
	for _, it := range src.Items {
		cp.Items = append(cp.Items, c.copyNode(it, at))
	}
	for i := range src.Keys {
		cp.Keys = append(cp.Keys, src.Keys[i])
		cp.Vals = append(cp.Vals, c.copyNode(src.Vals[i], at))
	}
	return &cp
}

// standardTags are YAML's own; their values are used as they are.
var standardTags = map[string]bool{
	"!!str": true, "!!int": true, "!!float": true, "!!bool": true, "!!null": true,
	"!!map": true, "!!seq": true, "!!binary": true, "!!timestamp": true, "!!omap": true, "!!set": true,
}

func (c *converter) resolveTag(n *ast.TagNode) *Node {
	tag := ""
	if n.Start != nil {
		tag = n.Start.Value
	}
	switch {
	case tag == "!ENV":
		return c.resolveEnv(n)
	case strings.HasPrefix(tag, "!!python/name:"), strings.HasPrefix(tag, "!!python/module:"):
		// A reference to Python code (a function or class): its dotted name.
		s := c.newNode(Scalar, n.Start)
		s.Text = tag[strings.Index(tag, ":")+1:]
		s.Tag = tag
		return s
	case strings.HasPrefix(tag, "!!python/"), tag == "!relative", standardTags[tag]:
		v := c.convert(n.Value)
		if tag != "" && !standardTags[tag] {
			v.Tag = tag
		}
		return v
	}
	line, col := position(n.Start)
	c.diags.Warnf(c.path, line, col, "mkdocs-yaml", "unknown YAML tag %s: its value is used as it is", tag)
	return c.convert(n.Value)
}

// resolveEnv implements MkDocs' !ENV: "!ENV VAR" or "!ENV [VAR1, VAR2, default]";
// the first variable that is set wins, else the last list item is the default.
func (c *converter) resolveEnv(n *ast.TagNode) *Node {
	v := c.convert(n.Value)
	var names []*Node
	var fallback *Node
	switch {
	case v.Kind == Scalar:
		names = []*Node{v}
	case v.Kind == List && len(v.Items) == 1:
		names = v.Items
	case v.Kind == List && len(v.Items) > 1:
		names, fallback = v.Items[:len(v.Items)-1], v.Items[len(v.Items)-1]
	default:
		line, col := position(n.Start)
		c.diags.Errorf(c.path, line, col, "mkdocs-yaml", "!ENV takes a variable name or a list [VAR, …, default]")
		return c.newNode(Null, n.Start)
	}
	for _, name := range names {
		if name.Kind != Scalar {
			continue
		}
		if value, ok := os.LookupEnv(name.Text); ok {
			s := c.newNode(Scalar, n.Start)
			s.Text, s.Tag = value, "!ENV"
			return s
		}
	}
	if fallback == nil {
		return c.newNode(Null, n.Start)
	}
	fallback.Tag = "!ENV"
	return fallback
}
