package blocks

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"handbook/internal/markdown/tabs"
)

// transformer replaces each Block, after inline parsing, by the nodes it
// renders as.
type transformer struct{ reg *registry }

// captionState numbers captions of one page.
type captionState struct {
	counters map[string][]int
}

// Transform implements parser.ASTTransformer.
func (t *transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var found []*Block
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if b, ok := n.(*Block); ok && entering {
			found = append(found, b)
		}
		return ast.WalkContinue, nil
	})
	if len(found) == 0 {
		return
	}
	cs := &captionState{counters: map[string][]int{}}
	// Document order: a caption finds its figure's content already built.
	for _, b := range found {
		switch b.plugin.kind {
		case kindAdmonition:
			replace(b, t.admonition(b))
		case kindDetails:
			replace(b, t.details(b))
		case kindTab:
			replace(b, tab(b))
			tabs.Made(pc)
		case kindHTML:
			replace(b, t.html(b, reader.Source(), pc))
		case kindDefinition:
			replace(b, definition(b))
		case kindCaption:
			t.caption(b, cs, reader.Source(), pc)
		}
	}
}

// replace puts n where b is, with b's children.
func replace(b *Block, n ast.Node) {
	b.Parent().ReplaceChild(b.Parent(), b, n)
	if b.HasBlankPreviousLines() {
		n.SetBlankPreviousLines(true)
	}
}

// moveChildren appends from's children to to.
func moveChildren(to, from ast.Node) {
	for c := from.FirstChild(); c != nil; {
		next := c.NextSibling()
		to.AppendChild(to, c)
		c = next
	}
}

// title removes and returns the block's title (the parsed argument).
func title(b *Block) *Element {
	if t, ok := b.FirstChild().(*Element); ok && t.Inline && t.Tag == "" {
		b.RemoveChild(b, t)
		return t
	}
	return nil
}

// withTitle returns the title element (p or summary): the argument, else
// the type's default title, else nil.
func withTitle(b *Block, tag, class, fallback string) *Element {
	t := title(b)
	if t == nil && fallback != "" {
		t = &Element{Inline: true}
		t.AppendChild(t, ast.NewString([]byte(fallback)))
	}
	if t == nil {
		return nil
	}
	t.Tag = tag
	if class != "" {
		t.Attrs = []Attr{{"class", class}}
	}
	return t
}

// typeOf returns the block's class and default title: from the type
// option, else from the shortcut it was opened with.
func typeOf(b *Block) (class, defaultTitle string) {
	if b.opts.typ != "" {
		return b.opts.typ, capitalize(b.opts.typ)
	}
	return b.plugin.class, b.plugin.title
}

func (t *transformer) admonition(b *Block) ast.Node {
	class, fallback := typeOf(b)
	classes := "admonition"
	if class != "" && class != "admonition" {
		classes += " " + class
	}
	el := &Element{Tag: "div", Attrs: merge([]Attr{{"class", classes}}, b.opts.attrs)}
	if ti := withTitle(b, "p", "admonition-title", fallback); ti != nil {
		el.AppendChild(el, ti)
	}
	moveChildren(el, b)
	return el
}

func (t *transformer) details(b *Block) ast.Node {
	class, fallback := typeOf(b)
	var attrs []Attr
	if b.opts.open {
		attrs = append(attrs, Attr{"open", "open"})
	}
	if class != "" {
		attrs = append(attrs, Attr{"class", class})
	}
	el := &Element{Tag: "details", Attrs: merge(attrs, b.opts.attrs)}
	if ti := withTitle(b, "summary", "", fallback); ti != nil {
		el.AppendChild(el, ti)
	}
	moveChildren(el, b)
	return el
}

// tab makes a content tab; the tab grouper then gathers consecutive tabs
// into a set, as for `===` tabs.
func tab(b *Block) ast.Node {
	tb := &tabs.Tab{Selected: b.opts.selected, NewSet: b.opts.new}
	for _, a := range b.opts.attrs {
		tb.SetAttributeString(a.Name, []byte(a.Value))
	}
	label := &tabs.Label{}
	if ti := title(b); ti != nil {
		moveChildren(label, ti)
	}
	tb.AppendChild(tb, label)
	moveChildren(tb, b)
	return tb
}

// rawTags and inlineTags decide an html block's content mode.
var (
	rawTags    = map[string]string{"canvas": "raw", "math": "raw", "option": "raw", "pre": "raw", "textarea": "raw", "script": "html", "style": "html"}
	inlineTags = map[string]bool{
		"a": true, "abbr": true, "acronym": true, "b": true, "bdi": true, "bdo": true, "big": true, "br": true,
		"button": true, "cite": true, "code": true, "data": true, "del": true, "dfn": true, "em": true, "i": true,
		"img": true, "input": true, "ins": true, "kbd": true, "label": true, "map": true, "mark": true, "meter": true,
		"object": true, "output": true, "progress": true, "q": true, "ruby": true, "s": true, "samp": true,
		"select": true, "small": true, "span": true, "strong": true, "sub": true, "summary": true, "sup": true,
		"time": true, "tt": true, "u": true, "var": true, "wbr": true, "dt": true, "h1": true, "h2": true,
		"h3": true, "h4": true, "h5": true, "h6": true, "p": true, "th": true, "td": true, "figcaption": true,
		"legend": true, "caption": true,
	}
)

// contentMode is an html block's content mode: the markdown option, else
// the configured mode of a custom tag, else the tag's nature.
func contentMode(tag, option string, o *HTML) string {
	if option != "" && option != "auto" {
		return option
	}
	tag = strings.ToLower(tag)
	if o != nil {
		if m, ok := o.Custom[tag]; ok {
			return m
		}
	}
	if m, ok := rawTags[tag]; ok {
		return m
	}
	if inlineTags[tag] {
		return "inline"
	}
	return "block"
}

func (t *transformer) html(b *Block, source []byte, pc parser.Context) ast.Node {
	tag, attrs, ok := parseSelector(b.arg)
	if !ok || tag == "" {
		recordProblems(pc, source, &Block{offset: b.offset, problems: []string{"html block needs a tag such as `div.class`, not " + quote(b.arg) + " (rendered as a div)"}})
		tag, attrs = "div", nil
	}
	el := &Element{Tag: tag, Attrs: merge(attrs, b.opts.attrs)}
	switch b.mode {
	case "raw", "html":
		el.HasRaw, el.Escape = true, b.mode == "raw"
		el.Raw = rawText(b.rawLines)
	case "inline":
		el.Inline = true
		inlineChildren(el, b)
	default:
		moveChildren(el, b)
	}
	return el
}

func quote(s string) string { return "\"" + s + "\"" }

// rawText is the content lines without their common indentation and
// without leading and trailing blank lines.
func rawText(lines [][]byte) []byte {
	for len(lines) > 0 && len(bytes.TrimSpace(lines[0])) == 0 {
		lines = lines[1:]
	}
	for len(lines) > 0 && len(bytes.TrimSpace(lines[len(lines)-1])) == 0 {
		lines = lines[:len(lines)-1]
	}
	var b strings.Builder
	for _, l := range lines {
		b.Write(bytes.TrimRight(l, "\r\n"))
		b.WriteByte('\n')
	}
	return []byte(strings.TrimSuffix(dedentText(b.String()), "\n"))
}

// inlineChildren moves the inline content of b's paragraphs into el, a
// line break between paragraphs.
func inlineChildren(el *Element, b *Block) {
	for c := b.FirstChild(); c != nil; c = c.NextSibling() {
		if el.HasChildren() {
			if last, ok := el.LastChild().(*ast.Text); ok {
				last.SetSoftLineBreak(true)
			}
		}
		switch c.Kind() {
		case ast.KindParagraph, ast.KindTextBlock:
			moveChildren(el, c)
		}
	}
}

// definition turns paragraphs into terms and list items into definitions.
func definition(b *Block) ast.Node {
	dl := east.NewDefinitionList(0, nil)
	for _, a := range b.opts.attrs {
		dl.SetAttributeString(a.Name, []byte(a.Value))
	}
	for c := b.FirstChild(); c != nil; {
		next := c.NextSibling()
		switch n := c.(type) {
		case *ast.Paragraph:
			dt := east.NewDefinitionTerm()
			moveChildren(dt, n)
			dl.AppendChild(dl, dt)
		case *ast.List:
			for item := n.FirstChild(); item != nil; {
				nextItem := item.NextSibling()
				dd := east.NewDefinitionDescription()
				dd.IsTight = n.IsTight
				moveChildren(dd, item)
				dl.AppendChild(dl, dd)
				item = nextItem
			}
		default:
			dl.AppendChild(dl, c)
		}
		c = next
	}
	return dl
}
