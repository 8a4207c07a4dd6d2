package attrs

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// AttributeTarget is an inline node (of another extension) that takes the
// attribute list written right after it, as Python-Markdown's attr_list
// gives it to any element.
type AttributeTarget interface {
	ast.Node
	AcceptsInlineAttributes()
}

// inlineParser attaches an attribute list to what it follows: a link or an
// image directly before it (`[Start](x.md){ .md-button }`), a code span
// (`{ .cls }` right after its closing backtick), an inline node that
// accepts attributes (an icon:
// `:material-heart:{ .red }`), or the heading
// whose text it ends (`## Title {: #id }`; goldmark's own
// parser.WithHeadingAttribute handles the form without ':' first).
type inlineParser struct{}

// Trigger implements parser.InlineParser.
func (p *inlineParser) Trigger() []byte { return []byte{'{'} }

// Parse implements parser.InlineParser. It returns an empty text node in
// place of the consumed list, or nil to leave the brace as text.
func (p *inlineParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	switch last := parent.LastChild(); last.(type) {
	case *ast.Link, *ast.Image:
		list, n, ok := Parse(line)
		if !ok {
			return nil
		}
		applyToLink(last, list)
		return consume(block, seg, n)
	case *ast.CodeSpan, AttributeTarget:
		list, n, ok := Parse(line)
		if !ok {
			return nil
		}
		apply(last, list)
		return consume(block, seg, n)
	}
	heading, ok := parent.(*ast.Heading)
	if !ok {
		return nil
	}
	list, n, ok := Parse(line)
	if !ok || !endsHeading(heading, line[n:], seg.Start+n) {
		return nil
	}
	applyToHeading(heading, list, block.Source(), seg.Start, pc)
	if text, isText := heading.LastChild().(*ast.Text); isText {
		text.Segment = text.Segment.TrimRightSpace(block.Source())
	}
	return consume(block, seg, n)
}

// consume advances past the list and returns an empty text node at its end.
func consume(block text.Reader, seg text.Segment, n int) ast.Node {
	block.Advance(n)
	return ast.NewTextSegment(text.NewSegment(seg.Start+n, seg.Start+n))
}

// endsHeading reports whether only spaces follow the list up to the end of
// the heading's text. The check looks at the first byte before scanning, so
// a heading full of lists costs linear time.
func endsHeading(heading *ast.Heading, rest []byte, restStart int) bool {
	if len(rest) > 0 && !util.IsSpace(rest[0]) {
		return false
	}
	if !util.IsBlank(rest) {
		return false
	}
	lines := heading.Lines()
	return lines.Len() > 0 && restStart+len(rest) >= lines.At(lines.Len()-1).Stop
}

// applyToHeading sets the attributes on the heading. When the heading has an
// automatic id, it was derived from text that still held the list, so the id
// is derived again from the text before it (unless the list sets its own).
func applyToHeading(heading *ast.Heading, list []Attribute, source []byte, listStart int, pc parser.Context) {
	_, hasID := heading.AttributeString("id")
	if hasID && !setsID(list) && heading.Lines().Len() > 0 {
		textStart := heading.Lines().At(0).Start
		if textStart <= listStart {
			title := util.TrimRightSpace(source[textStart:listStart])
			heading.SetAttributeString("id", pc.IDs().Generate(title, ast.KindHeading))
		}
	}
	apply(heading, list)
}

func setsID(list []Attribute) bool {
	for _, a := range list {
		if a.Name == "id" {
			return true
		}
	}
	return false
}

// applyToLink sets the attributes on a link or image. The attributes goldmark
// renders from the markdown itself are set on the node's fields instead of
// being written a second time: title, and the destination (href on links,
// src on images). An image's alt text comes from its description, so an alt
// attribute is dropped.
func applyToLink(node ast.Node, list []Attribute) {
	destName, dest, title := "href", (*[]byte)(nil), (*[]byte)(nil)
	switch link := node.(type) {
	case *ast.Link:
		dest, title = &link.Destination, &link.Title
	case *ast.Image:
		destName, dest, title = "src", &link.Destination, &link.Title
	}
	var rest []Attribute
	for _, a := range list {
		switch {
		case a.Name == "title":
			*title = a.Value
		case a.Name == destName:
			*dest = a.Value
		case a.Name == "alt" && destName == "src":
		default:
			rest = append(rest, a)
		}
	}
	apply(node, rest)
}
