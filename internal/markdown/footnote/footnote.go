// Package footnote renders footnotes as Python-Markdown's footnotes
// extension does, which MkDocs and Material for MkDocs use:
//
//	<p>Claim<sup id="fnref:note"><a class="footnote-ref" href="#fn:note">1</a></sup>.</p>
//	<div class="footnote">
//	<hr />
//	<ol>
//	<li id="fn:note">
//	<p>The note.&#160;<a class="footnote-backref" href="#fnref:note" title="Jump back to footnote 1 in the text">&#8617;</a></p>
//	</li>
//	</ol>
//	</div>
//
// The ids are the labels as written ("fn:note", not goldmark's "fn:1"),
// so links to a note from other pages keep working; the second reference
// to a note is "fnref2:note", the third "fnref3:note". Notes are numbered
// in the order they are defined, and every note defined is listed, even
// one never referred to. A label defined twice keeps its first place and
// its last text.
//
// Options are the extension's options of the same names (SEPARATOR,
// BACKLINK_TEXT, SUPERSCRIPT_TEXT, BACKLINK_TITLE).
//
// It uses goldmark's footnote parsers and transformer; its own
// transformers renumber the notes before goldmark's runs, and after it
// place the back links as Python-Markdown does and give the references
// and notes their ids (as "id" attributes, which the page's own
// transformer collects with the other ids of the page).
package footnote

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options are Python-Markdown's footnote options; "" is the default.
type Options struct {
	Separator       string // between "fn" or "fnref" and the label: ":"
	BacklinkText    string // the back link's HTML: "&#8617;"
	SuperscriptText string // the reference's text, "{}" the note's number: "{}"
	BacklinkTitle   string // "%d" or "{}" the note's number: "Jump back to footnote %d in the text"
}

func (o Options) withDefaults() Options {
	if o.Separator == "" {
		o.Separator = ":"
	}
	if o.BacklinkText == "" {
		o.BacklinkText = "&#8617;"
	}
	if o.SuperscriptText == "" {
		o.SuperscriptText = "{}"
	}
	if o.BacklinkTitle == "" {
		o.BacklinkTitle = "Jump back to footnote %d in the text"
	}
	o.BacklinkTitle = strings.ReplaceAll(o.BacklinkTitle, "%d", "{}")
	return o
}

// Extension adds footnotes with the default options to a
// goldmark.Markdown. (goldmark's own extension.Footnote must not be added
// as well.)
var Extension = New(Options{})

// New is the extension with options o.
func New(o Options) goldmark.Extender { return footnotes{o.withDefaults()} }

type footnotes struct{ o Options }

func (e footnotes) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(blockParser{extension.NewFootnoteBlockParser()}, 999)),
		parser.WithInlineParsers(util.Prioritized(inlineParser{extension.NewFootnoteParser()}, 101)),
		// (transformers run in ascending priority: goldmark's is 999)
		parser.WithASTTransformers(
			util.Prioritized(numbering{}, 998),
			util.Prioritized(extension.NewFootnoteASTTransformer(), 999),
			util.Prioritized(placing(e), 1000),
		),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(htmlRenderer(e), 500)))
}

var (
	listKey  = parser.NewContextKey() // *extast.FootnoteList
	linksKey = parser.NewContextKey() // []*extast.FootnoteLink
)

// noteAttr is a reference's attribute holding its note's id. (Not the
// label itself: an attribute's value that reads as a script URL would be
// dropped in untrusted mode; an id starts with "fn".)
const noteAttr = "footnote-note"

// blockParser is goldmark's, noting the list of notes it makes, so that a
// page without footnotes is never walked for them.
type blockParser struct{ parser.BlockParser }

func (b blockParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	b.BlockParser.Close(node, reader, pc)
	if list, ok := node.Parent().(*extast.FootnoteList); ok {
		pc.Set(listKey, list)
	}
}

// inlineParser is goldmark's, noting the references it makes.
type inlineParser struct{ parser.InlineParser }

func (p inlineParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	n := p.InlineParser.Parse(parent, block, pc)
	if link, ok := n.(*extast.FootnoteLink); ok {
		links, _ := pc.Get(linksKey).([]*extast.FootnoteLink)
		pc.Set(linksKey, append(links, link))
	}
	return n
}

// numbering numbers the notes in the order they are defined and keeps
// those never referred to.
// goldmark's transformer then counts the references, adds the back links
// and moves the list to the end.
type numbering struct{}

func (numbering) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	list, _ := pc.Get(listKey).(*extast.FootnoteList)
	if list == nil {
		return
	}
	links, _ := pc.Get(linksKey).([]*extast.FootnoteLink)
	pc.Set(listKey, nil)
	first := map[string]*extast.Footnote{}
	byIndex := map[int]*extast.Footnote{} // goldmark's numbers, by first reference
	var notes []*extast.Footnote
	for n := list.FirstChild(); n != nil; {
		next := n.NextSibling()
		note := n.(*extast.Footnote)
		if f := first[string(note.Ref)]; f != nil {
			// Defined again: the first place, the last text.
			f.RemoveChildren(f)
			for c := note.FirstChild(); c != nil; {
				cn := c.NextSibling()
				f.AppendChild(f, c)
				c = cn
			}
			list.RemoveChild(list, note)
		} else {
			first[string(note.Ref)] = note
			notes = append(notes, note)
			if note.Index > 0 {
				byIndex[note.Index] = note
			}
		}
		n = next
	}
	for i, note := range notes {
		note.Index = i + 1
	}
	for _, link := range links {
		if note := byIndex[link.Index]; note != nil {
			link.Index = note.Index
		}
	}
	list.Count = len(notes)
}

// placing places the back links as Python-Markdown does: at the end of
// the note's last paragraph, or in a paragraph of their own after a last
// block of another kind; a note without text has none. It gives the
// references and notes their ids.
type placing struct{ o Options }

func (t placing) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	links, _ := pc.Get(linksKey).([]*extast.FootnoteLink)
	pc.Set(linksKey, nil)
	list, ok := doc.LastChild().(*extast.FootnoteList)
	if !ok {
		return
	}
	labels := make(map[int][]byte, list.ChildCount())
	for n := list.FirstChild(); n != nil; n = n.NextSibling() {
		note := n.(*extast.Footnote)
		labels[note.Index] = note.Ref
	}
	for _, link := range links {
		if label, ok := labels[link.Index]; ok {
			link.SetAttributeString("id", []byte(t.o.refID(label, link.RefIndex)))
			link.SetAttributeString(noteAttr, []byte(t.o.noteID(label)))
		}
	}
	for n := list.FirstChild(); n != nil; n = n.NextSibling() {
		n.SetAttributeString("id", []byte(t.o.noteID(n.(*extast.Footnote).Ref)))
		var back []ast.Node
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if c.Kind() == extast.KindFootnoteBacklink {
				back = append(back, c)
			}
		}
		if len(back) == 0 { // (they are in the last paragraph)
			continue
		}
		for _, l := range back {
			n.RemoveChild(n, l)
		}
		if !n.HasChildren() {
			continue
		}
		p := ast.NewParagraph()
		for _, l := range back {
			p.AppendChild(p, l)
		}
		n.AppendChild(n, p)
	}
}

// noteID is the id of the note of label.
func (o Options) noteID(label []byte) string { return "fn" + o.Separator + string(label) }

// refID is the id of the reference to a note of label, the first (i = 0)
// or a later one.
func (o Options) refID(label []byte, i int) string {
	if i == 0 {
		return "fnref" + o.Separator + string(label)
	}
	return "fnref" + strconv.Itoa(i+1) + o.Separator + string(label)
}

// noteLabel is the label of the note holding n.
func noteLabel(n ast.Node) []byte {
	for ; n != nil; n = n.Parent() {
		if note, ok := n.(*extast.Footnote); ok {
			return note.Ref
		}
	}
	return nil
}

// number formats n into a Python format string with one field ("{}" or
// "{0}"; "{{" and "}}" are braces).
func number(format string, n int) string {
	r := strings.NewReplacer("{{", "{", "}}", "}", "{}", strconv.Itoa(n), "{0}", strconv.Itoa(n))
	return r.Replace(format)
}

type htmlRenderer struct{ o Options }

func (r htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindFootnoteLink, r.renderLink)
	reg.Register(extast.KindFootnoteBacklink, r.renderBacklink)
	reg.Register(extast.KindFootnote, renderNote)
	reg.Register(extast.KindFootnoteList, renderList)
}

func (r htmlRenderer) renderLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*extast.FootnoteLink)
	_, _ = w.WriteString(`<sup id="`)
	writeAttr(w, attr(n, "id"))
	_, _ = w.WriteString(`"><a class="footnote-ref" href="#`)
	writeAttr(w, attr(n, noteAttr))
	_, _ = w.WriteString(`">`)
	writeAttr(w, number(r.o.SuperscriptText, n.Index))
	_, _ = w.WriteString(`</a></sup>`)
	return ast.WalkContinue, nil
}

func (r htmlRenderer) renderBacklink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*extast.FootnoteBacklink)
	if n.RefIndex == 0 && n.PreviousSibling() != nil {
		_, _ = w.WriteString(`&#160;`)
	}
	_, _ = w.WriteString(`<a class="footnote-backref" href="#`)
	writeAttr(w, r.o.refID(noteLabel(n), n.RefIndex))
	_, _ = w.WriteString(`" title="`)
	writeAttr(w, number(r.o.BacklinkTitle, n.Index))
	_, _ = w.WriteString(`">`)
	_, _ = w.WriteString(r.o.BacklinkText) // (HTML, as Python-Markdown puts it)
	_, _ = w.WriteString(`</a>`)
	return ast.WalkContinue, nil
}

func renderNote(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<li id="`)
		writeAttr(w, attr(node, "id"))
		_, _ = w.WriteString(`">`)
		if node.HasChildren() {
			_ = w.WriteByte('\n')
		}
	} else {
		_, _ = w.WriteString("</li>\n")
	}
	return ast.WalkContinue, nil
}

func renderList(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<div class=\"footnote\">\n<hr />\n<ol>\n")
	} else {
		_, _ = w.WriteString("</ol>\n</div>\n")
	}
	return ast.WalkContinue, nil
}

// attr is n's attribute name as a string.
func attr(n ast.Node, name string) string {
	v, _ := n.AttributeString(name)
	b, _ := v.([]byte)
	return string(b)
}

func writeAttr(w util.BufWriter, s string) { _, _ = w.Write(util.EscapeHTML([]byte(s))) }
