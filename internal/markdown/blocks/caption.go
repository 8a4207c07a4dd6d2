package blocks

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
)

// captionHeader is a caption's argument: `[<|>] [^N | N.N…] [#id.class[attr]]`.
type captionHeader struct {
	prepend, append bool
	deeper          int   // ^N: number this many levels deeper
	manual          []int // a number given by hand
	attrs           []Attr
}

func parseCaptionHeader(arg string) (captionHeader, bool) {
	var h captionHeader
	s := strings.TrimSpace(arg)
	switch {
	case strings.HasPrefix(s, "<"):
		h.prepend, s = true, strings.TrimSpace(s[1:])
	case strings.HasPrefix(s, ">"):
		h.append, s = true, strings.TrimSpace(s[1:])
	}
	word, rest, _ := strings.Cut(s, " ")
	switch {
	case strings.HasPrefix(word, "^"):
		n, err := strconv.Atoi(word[1:])
		if err != nil || n < 0 {
			return h, false
		}
		h.deeper, s = n, strings.TrimSpace(rest)
	case word != "" && word[0] >= '0' && word[0] <= '9':
		for _, part := range strings.Split(word, ".") {
			n, err := strconv.Atoi(part)
			if err != nil || n < 1 {
				return h, false
			}
			h.manual = append(h.manual, n)
		}
		s = strings.TrimSpace(rest)
	}
	if s == "" {
		return h, true
	}
	tag, attrs, ok := parseSelector(s)
	if !ok || tag != "" {
		return h, false
	}
	h.attrs = attrs
	return h, true
}

// caption wraps the block before b in a figure (or uses that block when it
// is a figure without a caption) and adds b's content as its figcaption.
func (t *transformer) caption(b *Block, cs *captionState, source []byte, pc parser.Context) {
	o := t.reg.opts.Caption
	h, ok := parseCaptionHeader(b.arg)
	if !ok {
		recordProblems(pc, source, &Block{offset: b.offset, problems: []string{"caption header " + quote(b.arg) + " not understood (ignored)"}})
	}
	parent := b.Parent()
	fig := captionless(b.PreviousSibling())
	if fig == nil {
		fig = &Element{Tag: "figure"}
		if b.plugin.types != "" {
			fig.Attrs = []Attr{{"class", b.plugin.types}}
		}
		if prev := b.PreviousSibling(); prev != nil {
			parent.ReplaceChild(parent, prev, fig)
			fig.AppendChild(fig, prev)
		} else {
			parent.InsertBefore(parent, b, fig)
		}
	}
	figcaption := &Element{Tag: "figcaption"}
	moveChildren(figcaption, b)
	parent.RemoveChild(parent, b)
	if number := cs.number(b, fig, h, o); number != "" {
		fig.Attrs = merge(fig.Attrs, []Attr{{"id", "__" + b.Name + "_" + strings.ReplaceAll(number, ".", "_")}})
		addPrefix(figcaption, strings.ReplaceAll(b.plugin.prefix, "{}", number))
	}
	fig.Attrs = mergeID(fig.Attrs, h.attrs, b.opts.attrs)
	prepend := o.Prepend
	if h.prepend || h.append {
		prepend = h.prepend
	}
	if prepend {
		fig.InsertBefore(fig, fig.FirstChild(), figcaption)
	} else {
		fig.AppendChild(fig, figcaption)
	}
}

// mergeID adds header and option attributes; an id given there replaces
// the automatic one.
func mergeID(base []Attr, more ...[]Attr) []Attr {
	for _, attrs := range more {
		base = merge(base, attrs)
	}
	return base
}

// captionless returns n when it is a figure without a figcaption.
func captionless(n ast.Node) *Element {
	fig, ok := n.(*Element)
	if !ok || fig.Tag != "figure" {
		return nil
	}
	for c := fig.FirstChild(); c != nil; c = c.NextSibling() {
		if e, ok := c.(*Element); ok && e.Tag == "figcaption" {
			return nil
		}
	}
	return fig
}

// number returns the figure's number ("2", "1.3") for a caption type with
// a prefix, or "" when it gets none.
func (cs *captionState) number(b *Block, fig *Element, h captionHeader, o *Caption) string {
	if b.plugin.prefix == "" {
		return ""
	}
	if o.NoAuto {
		return joinNumber(h.manual)
	}
	depth := figureDepth(fig) + h.deeper
	if len(h.manual) > 0 {
		depth = len(h.manual) - 1
	}
	if o.AutoLevel > 0 && depth >= o.AutoLevel {
		return ""
	}
	counter := cs.counters[b.Name]
	for len(counter) <= depth {
		counter = append(counter, 0)
	}
	counter = counter[:depth+1]
	counter[depth]++
	for i := range depth {
		counter[i] = max(counter[i], 1)
	}
	if len(h.manual) > 0 && later(h.manual, counter) {
		copy(counter, h.manual)
	}
	cs.counters[b.Name] = counter
	return joinNumber(counter)
}

// later reports whether a manual number is after the automatic one.
func later(manual, auto []int) bool {
	for i := range manual {
		if manual[i] != auto[i] {
			return manual[i] > auto[i]
		}
	}
	return false
}

// figureDepth counts the figures around fig.
func figureDepth(fig ast.Node) int {
	depth := 0
	for n := fig.Parent(); n != nil; n = n.Parent() {
		if e, ok := n.(*Element); ok && e.Tag == "figure" {
			depth++
		}
	}
	return depth
}

func joinNumber(n []int) string {
	parts := make([]string, len(n))
	for i, x := range n {
		parts[i] = strconv.Itoa(x)
	}
	return strings.Join(parts, ".")
}

// addPrefix puts `<span class="caption-prefix">Figure 1.</span> ` at the
// start of the caption's first paragraph.
func addPrefix(figcaption *Element, prefix string) {
	para, ok := figcaption.FirstChild().(*ast.Paragraph)
	if !ok {
		para = ast.NewParagraph()
		figcaption.InsertBefore(figcaption, figcaption.FirstChild(), para)
	}
	// The prefix template is HTML, as in pymdownx.
	inline := &RawInline{HTML: []byte(`<span class="caption-prefix">` + prefix + `</span>`)}
	para.InsertBefore(para, para.FirstChild(), inline)
	if inline.NextSibling() != nil {
		space := ast.NewString([]byte(" "))
		para.InsertAfter(para, inline, space)
	}
}
