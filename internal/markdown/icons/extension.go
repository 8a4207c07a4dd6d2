package icons

import (
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"handbook/internal/diag"
	"handbook/internal/markdown/emoji"
)

// KindIcon is the node kind of an icon shortcode.
var KindIcon = ast.NewNodeKind("Icon")

// Node is an icon shortcode such as :material-heart:, rendered as
// <span class="twemoji"><svg …></svg></span>. It has no children; an
// attribute list right after it ({ .big style="color: red" }) sets the
// span's attributes, classes added to twemoji, as in Material.
type Node struct {
	ast.BaseInline
	Name string // shortcode without colons
	SVG  string
}

// Kind implements ast.Node.
func (n *Node) Kind() ast.NodeKind { return KindIcon }

// Dump implements ast.Node.
func (n *Node) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Name": n.Name}, nil)
}

// AcceptsInlineAttributes marks the node as a target of an attribute list
// that follows it (see package attrs).
func (n *Node) AcceptsInlineAttributes() {}

// NewNode returns the node of an icon with its SVG.
func NewNode(name, svg string) *Node {
	n := &Node{Name: name, SVG: svg}
	n.SetAttributeString("class", []byte("twemoji"))
	return n
}

type shortcodeParser struct{ lib *Library }

// Trigger implements parser.InlineParser.
func (shortcodeParser) Trigger() []byte { return []byte{':'} }

// Parse implements parser.InlineParser: a known icon becomes a Node; a
// name that means an icon but names none stays as text, as in Material,
// and is reported by Warnings.
func (p shortcodeParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	// A colon right after a letter or digit is part of a time (10:30:45),
	// a URL scheme or a label, never the start of a shortcode. An
	// underscore may be an emphasis delimiter (__:icon: text__).
	if emoji.IsWordRune(block.PrecendingCharacter()) {
		return nil
	}
	line, segment := block.PeekLine()
	end := emoji.ShortcodeEnd(line)
	if end < 0 {
		return nil
	}
	name := string(line[1:end])
	if svg, ok := p.lib.Lookup(name); ok {
		block.Advance(end + 1)
		return NewNode(name, svg)
	}
	if p.lib.IsIconName(name) {
		record(pc, block.Source(), segment.Start, name, p.lib)
	}
	return nil
}

var unknownKey = parser.NewContextKey()

// unknown remembers the shortcodes naming no icon by source offset;
// positions and suggestions are worked out when Warnings asks.
type unknown struct {
	source  []byte
	lib     *Library
	offsets []int
	names   []string
}

func record(pc parser.Context, source []byte, offset int, name string, lib *Library) {
	u, _ := pc.Get(unknownKey).(*unknown)
	if u == nil {
		u = &unknown{source: source, lib: lib}
		pc.Set(unknownKey, u)
	}
	u.offsets = append(u.offsets, offset)
	u.names = append(u.names, name)
}

// Warnings returns one warning per shortcode that names an icon nowhere,
// with the line and column of its opening colon, the nearest names, and an
// empty Path for the caller to fill in. Call it after conversion with the
// parser.Context passed to it (parser.WithContext).
func Warnings(pc parser.Context) []diag.Diagnostic {
	u, _ := pc.Get(unknownKey).(*unknown)
	if u == nil {
		return nil
	}
	order := make([]int, len(u.offsets))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return u.offsets[order[a]] < u.offsets[order[b]] })

	var out []diag.Diagnostic
	line, col, pos := 1, 1, 0
	for _, i := range order {
		for ; pos < u.offsets[i] && pos < len(u.source); pos++ {
			if u.source[pos] == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
		}
		out = append(out, diag.Diagnostic{
			Line: line, Col: col, Severity: diag.Warning, Code: "unknown-icon",
			Message: message(u.lib, u.names[i]),
		})
	}
	return out
}

// message is the warning for a shortcode that names no icon, with the
// nearest names when there are some.
func message(lib *Library, name string) string {
	msg := "icon :" + name + ": does not exist (left as text)"
	if near := lib.Suggest(name); len(near) > 0 {
		msg += "; did you mean :" + strings.Join(near, ":, :") + ":?"
	}
	return msg
}

// HTMLRenderer renders Node as <span class="twemoji …"> around its SVG.
type HTMLRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (HTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindIcon, renderIcon)
}

func renderIcon(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<span")
		html.RenderAttributes(w, n, nil)
		_ = w.WriteByte('>')
		_, _ = w.WriteString(n.(*Node).SVG)
		_, _ = w.WriteString("</span>")
	}
	return ast.WalkSkipChildren, nil
}

type extension struct{ lib *Library }

// New returns the extension for icon shortcodes from lib (nil for the
// bundled sets alone). Register it with the emoji extension, which takes
// the gemoji names (:smile:) first, as Material's index does.
func New(lib *Library) goldmark.Extender { return extension{lib} }

// Extension renders icon shortcodes from the bundled sets.
var Extension = New(nil)

func (e extension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(shortcodeParser(e), 510)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(HTMLRenderer{}, 500)))
}
