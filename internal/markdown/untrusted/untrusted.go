// Package untrusted is the dialect's mode for sites that publish
// contributions they do not trust (security: {raw_html: false}, see
// SECURITY.md). By default content authors are trusted, as in MkDocs: raw
// HTML and <script> pass through. In this mode:
//
//   - raw HTML, inline or as a block, is shown as text (escaped), so a
//     reader sees what was written and nothing runs;
//   - links, images and autolinks to javascript:, vbscript: or data: URLs
//     keep their text and lose the URL;
//   - attributes set with attribute lists lose event handlers (on…),
//     srcdoc and formaction, and any attribute whose value is such a URL.
//
// Each change is a warning at its place. The dialect leaves out markdown
// in HTML (md_in_html) in this mode, since its blocks are raw HTML.
package untrusted

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"handbook/internal/diag"
	"handbook/internal/markdown/blocks"
)

// Escaped is raw HTML (or a dropped link's text) shown as text.
type Escaped struct {
	ast.BaseInline
	Raw []byte
}

// KindEscaped is the kind of Escaped.
var KindEscaped = ast.NewNodeKind("UntrustedEscaped")

// Kind implements ast.Node.
func (n *Escaped) Kind() ast.NodeKind { return KindEscaped }

// Dump implements ast.Node.
func (n *Escaped) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// EscapedBlock is a raw HTML block shown as a paragraph of text.
type EscapedBlock struct {
	ast.BaseBlock
	Raw []byte
}

// KindEscapedBlock is the kind of EscapedBlock.
var KindEscapedBlock = ast.NewNodeKind("UntrustedEscapedBlock")

// Kind implements ast.Node.
func (n *EscapedBlock) Kind() ast.NodeKind { return KindEscapedBlock }

// Dump implements ast.Node.
func (n *EscapedBlock) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// Extension is the mode as a goldmark extender.
var Extension goldmark.Extender = extension{}

type extension struct{}

// Extend implements goldmark.Extender. The transformer runs before the
// page's own (which rewrites links and raw HTML), after the constructs'.
func (extension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(transformer{}, 99000)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(htmlRenderer{}, 90)))
}

var warningsKey = parser.NewContextKey()

// Warnings are what the mode changed on a page, positioned in the parsed
// source (body lines).
func Warnings(pc parser.Context) diag.List {
	l, _ := pc.Get(warningsKey).(diag.List)
	return l
}

type transformer struct{}

func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var warnings diag.List
	warn := func(offset int, format string, args ...any) {
		line, col := diag.Position(src, offset)
		warnings.Warnf("", line, col, "untrusted", format+" (security: raw_html is false)", args...)
	}
	var replace [][2]ast.Node
	var unwrap []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		cleanAttributes(n, func(name string) { warn(start(n), "attribute %s dropped", name) })
		switch v := n.(type) {
		case *ast.RawHTML:
			raw := segmentsText(v.Segments, src)
			replace = append(replace, [2]ast.Node{v, &Escaped{Raw: raw}})
			warn(start(v), "raw HTML shown as text")
		case *ast.HTMLBlock:
			raw := segmentsText(v.Lines(), src)
			if v.HasClosure() {
				raw = append(raw, v.ClosureLine.Value(src)...)
			}
			replace = append(replace, [2]ast.Node{v, &EscapedBlock{Raw: bytes.TrimRight(raw, "\n")}})
			warn(start(v), "raw HTML shown as text")
			return ast.WalkSkipChildren, nil
		case *ast.Link:
			if Dangerous(string(v.Destination)) {
				unwrap = append(unwrap, v)
				warn(start(v), "link to %s dropped", scheme(string(v.Destination)))
			}
		case *ast.Image:
			if Dangerous(string(v.Destination)) {
				replace = append(replace, [2]ast.Node{v, &Escaped{Raw: []byte(plainText(v, src))}})
				warn(start(v), "image from %s dropped", scheme(string(v.Destination)))
				return ast.WalkSkipChildren, nil
			}
		case *ast.AutoLink:
			if Dangerous(string(v.URL(src))) {
				replace = append(replace, [2]ast.Node{v, &Escaped{Raw: v.Label(src)}})
				warn(start(v), "link to %s dropped", scheme(string(v.URL(src))))
			}
		}
		return ast.WalkContinue, nil
	})
	for _, r := range replace {
		if p := r[0].Parent(); p != nil {
			p.ReplaceChild(p, r[0], r[1])
		}
	}
	for _, l := range unwrap {
		p := l.Parent()
		if p == nil {
			continue
		}
		for c := l.FirstChild(); c != nil; {
			next := c.NextSibling()
			p.InsertBefore(p, l, c)
			c = next
		}
		p.RemoveChild(p, l)
	}
	if len(warnings) > 0 {
		pc.Set(warningsKey, warnings)
	}
}

// Dangerous reports whether a URL runs script or carries a document of
// its own when followed: javascript:, vbscript: or data:, in any case,
// with the spaces, tabs and line breaks browsers ignore, and with markdown
// escapes and HTML character references (&#106;) resolved as the page
// will show them.
func Dangerous(u string) bool {
	u = html.UnescapeString(string(util.UnescapePunctuations([]byte(u))))
	s := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, u)
	s = strings.ToLower(strings.TrimLeft(s, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
	for _, p := range []string{"javascript:", "vbscript:", "data:"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func scheme(u string) string {
	if i := strings.IndexByte(u, ':'); i >= 0 && i < 20 {
		return strings.ToLower(strings.TrimSpace(u[:i+1])) + " URL"
	}
	return "a script URL"
}

// cleanAttributes drops the attributes an attribute list may set that run
// script: event handlers, srcdoc, formaction and script URLs.
func cleanAttributes(n ast.Node, dropped func(name string)) {
	if e, ok := n.(*blocks.Element); ok {
		kept := e.Attrs[:0]
		for _, a := range e.Attrs {
			if unsafeAttribute(a.Name, a.Value) {
				dropped(a.Name)
				continue
			}
			kept = append(kept, a)
		}
		e.Attrs = kept
	}
	var kept []ast.Attribute
	var remove [][]byte
	for _, a := range n.Attributes() {
		name := strings.ToLower(string(a.Name))
		value := ""
		switch v := a.Value.(type) {
		case []byte:
			value = string(v)
		case string:
			value = v
		}
		if unsafeAttribute(name, value) {
			remove = append(remove, a.Name)
			continue
		}
		kept = append(kept, a)
	}
	if len(remove) == 0 {
		return
	}
	n.RemoveAttributes()
	for _, a := range kept {
		n.SetAttribute(a.Name, a.Value)
	}
	for _, name := range remove {
		dropped(string(name))
	}
}

func unsafeAttribute(name, value string) bool {
	name = strings.ToLower(name)
	return strings.HasPrefix(name, "on") || name == "srcdoc" || name == "formaction" || Dangerous(value)
}

func segmentsText(segs *text.Segments, src []byte) []byte {
	var b []byte
	for i := 0; i < segs.Len(); i++ {
		seg := segs.At(i)
		b = append(b, seg.Value(src)...)
	}
	return b
}

// start is the offset in the source where n begins, as near as the AST
// tells.
func start(n ast.Node) int {
	for c := n; c != nil; c = c.Parent() {
		if c.Type() == ast.TypeBlock {
			if l := c.Lines(); l != nil && l.Len() > 0 {
				return l.At(0).Start
			}
		}
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
		if r, ok := c.(*ast.RawHTML); ok && r.Segments.Len() > 0 {
			return r.Segments.At(0).Start
		}
		if fc := c.FirstChild(); fc != nil {
			if t, ok := fc.(*ast.Text); ok {
				return t.Segment.Start
			}
		}
	}
	return 0
}

func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			if t, ok := c.(*ast.Text); ok {
				b.Write(t.Value(src))
			}
			if s, ok := c.(*ast.String); ok {
				b.Write(s.Value)
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

type htmlRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindEscaped, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.Write(util.EscapeHTML(n.(*Escaped).Raw))
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(KindEscapedBlock, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = fmt.Fprintf(w, "<p>%s</p>\n", util.EscapeHTML(n.(*EscapedBlock).Raw))
		}
		return ast.WalkSkipChildren, nil
	})
}
