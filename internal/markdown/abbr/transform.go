package abbr

import (
	"bytes"
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// transformer removes the definition blocks and wraps every whole-word
// occurrence of a defined abbreviation in an Abbreviation node.
type transformer struct{}

func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	defs, parsed := pc.Get(definitionsKey).(definitions)
	if !parsed {
		return // no definition on the page (the parser notes each one): no walk
	}
	removeDefinitions(doc)
	if len(defs) == 0 {
		return
	}
	m := newMatcher(defs)
	source := reader.Source()
	for _, t := range prose(doc) {
		m.wrap(t, source)
	}
}

func removeDefinitions(doc *ast.Document) {
	var found []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Kind() == KindDefinition {
			found = append(found, n)
		}
		return ast.WalkContinue, nil
	})
	for _, n := range found {
		n.Parent().RemoveChild(n.Parent(), n)
	}
}

// prose collects the Text nodes that are page text: not code, autolinks,
// raw HTML, image descriptions or existing abbreviations.
func prose(doc *ast.Document) []*ast.Text {
	var texts []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindCodeSpan, ast.KindAutoLink, ast.KindRawHTML, ast.KindImage,
			ast.KindCodeBlock, ast.KindFencedCodeBlock, ast.KindHTMLBlock, KindAbbreviation:
			return ast.WalkSkipChildren, nil
		}
		if t, ok := n.(*ast.Text); ok && !t.IsRaw() {
			texts = append(texts, t)
		}
		return ast.WalkContinue, nil
	})
	return texts
}

// matcher finds abbreviations in text. Candidates are grouped by first
// byte and ordered longest first, so the longest abbreviation wins.
type matcher struct {
	titles  definitions
	byFirst [256][][]byte
}

func newMatcher(defs definitions) *matcher {
	m := &matcher{titles: defs}
	for abbr := range defs {
		m.byFirst[abbr[0]] = append(m.byFirst[abbr[0]], []byte(abbr))
	}
	for _, list := range &m.byFirst {
		sort.Slice(list, func(i, j int) bool {
			if len(list[i]) != len(list[j]) {
				return len(list[i]) > len(list[j])
			}
			return bytes.Compare(list[i], list[j]) < 0
		})
	}
	return m
}

type match struct{ start, stop int }

// find returns the non-overlapping whole-word occurrences in the Text t.
func (m *matcher) find(t *ast.Text, source []byte) []match {
	seg := t.Segment
	value := seg.Value(source)
	var found []match
	for i := 0; i < len(value); i++ {
		candidates := m.byFirst[value[i]]
		if len(candidates) == 0 || isWordBefore(source, seg.Start+i) {
			continue
		}
		for _, abbr := range candidates {
			end := i + len(abbr)
			if bytes.HasPrefix(value[i:], abbr) && !isWordAfter(source, seg.Start+end) {
				found = append(found, match{i, end})
				i = end - 1
				break
			}
		}
	}
	return found
}

// isWordBefore reports whether the character ending at source offset off is
// a word character. The source is consulted rather than the node so that a
// word split across nodes still counts as one word.
func isWordBefore(source []byte, off int) bool {
	r, _ := utf8.DecodeLastRune(source[:off])
	return isWordRune(r)
}

func isWordAfter(source []byte, off int) bool {
	if off >= len(source) {
		return false
	}
	r, _ := utf8.DecodeRune(source[off:])
	return isWordRune(r)
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r))
}

// wrap replaces t by Text pieces and Abbreviation nodes.
func (m *matcher) wrap(t *ast.Text, source []byte) {
	found := m.find(t, source)
	if len(found) == 0 {
		return
	}
	parent, seg := t.Parent(), t.Segment
	var pieces []ast.Node
	at := 0
	for _, f := range found {
		if at < f.start {
			pieces = append(pieces, ast.NewTextSegment(text.NewSegment(seg.Start+at, seg.Start+f.start)))
		}
		word := ast.NewTextSegment(text.NewSegment(seg.Start+f.start, seg.Start+f.stop))
		a := &Abbreviation{Title: m.titles[string(word.Segment.Value(source))]}
		a.AppendChild(a, word)
		pieces = append(pieces, a)
		at = f.stop
	}
	// The rest, possibly empty, carries the line break so that it is
	// written after </abbr> rather than inside it.
	last := ast.NewTextSegment(text.NewSegment(seg.Start+at, seg.Stop))
	pieces = append(pieces, last)
	last.SetSoftLineBreak(t.SoftLineBreak())
	last.SetHardLineBreak(t.HardLineBreak())
	for _, p := range pieces {
		parent.InsertBefore(parent, t, p)
	}
	parent.RemoveChild(parent, t)
}
