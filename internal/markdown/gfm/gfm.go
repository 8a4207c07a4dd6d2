// Package gfm is the CommonMark extension set the handbook's dialect is
// built on: GitHub Flavored Markdown's tables, bare links and task lists
// (its strikethrough is left out: the dialect's tilde extension owns ~),
// plus footnotes and definition lists, which Python-Markdown's "extra"
// bundle gives every MkDocs site.
package gfm

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"handbook/internal/markdown/footnote"
)

// Extension adds the base set to a goldmark.Markdown.
var Extension goldmark.Extender = Base{Linkify: true}

// WithoutLinkify is the base set without bare links, for a text in which
// Linkify can find none (see MayLinkify): the same HTML, made faster, as
// Linkify is tried after every space of the text.
var WithoutLinkify goldmark.Extender = Base{}

// Base is the base set: with bare links (Linkify) or without, and the
// footnotes' options.
type Base struct {
	Linkify   bool
	Footnotes footnote.Options
}

// Extend implements goldmark.Extender.
func (b Base) Extend(m goldmark.Markdown) {
	// goldmark's tables, but rows split as Python-Markdown splits them.
	m.Parser().AddOptions(
		parser.WithParagraphTransformers(util.Prioritized(codePipeTables{extension.NewTableParagraphTransformer()}, 200)),
		parser.WithASTTransformers(util.Prioritized(extension.NewTableASTTransformer(), 0)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(extension.NewTableHTMLRenderer(), 500)))
	if b.Linkify {
		linkify{}.Extend(m)
	}
	for _, e := range []goldmark.Extender{extension.TaskList, footnote.New(b.Footnotes)} {
		e.Extend(m)
	}
	// goldmark's definition lists, loose or tight as Python-Markdown's.
	m.Parser().AddOptions(
		parser.WithBlockParsers(
			util.Prioritized(listParser{extension.NewDefinitionListParser()}, 101),
			util.Prioritized(extension.NewDefinitionDescriptionParser(), 102),
		),
		parser.WithASTTransformers(util.Prioritized(looseness{}, 500), util.Prioritized(bulletRuns{}, 500)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(extension.NewDefinitionListHTMLRenderer(), 500)))
}

// MayLinkify reports whether Linkify may find a link in src: a URL starts
// with "http", "ftp:" or "www.", and an address has an "@" (see
// quickLinkify). A text without any of them parses to the same HTML
// without Linkify. Without it, goldmark keeps each line's text in one
// node rather than two (Linkify's trigger ends a text node at the line's
// last space or "("): what reads text across nodes (abbreviations,
// magiclink's shorthands) may see the difference, so callers check for
// those too.
func MayLinkify(src []byte) bool {
	return bytes.Contains(src, []byte("http")) || bytes.Contains(src, []byte("ftp:")) ||
		bytes.Contains(src, []byte("www.")) || bytes.IndexByte(src, '@') >= 0
}

// linkify is goldmark's Linkify with its parser behind quickLinkify.
type linkify struct{}

func (linkify) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		util.Prioritized(quickLinkify{extension.NewLinkifyParser()}, 999), // (Linkify's priority)
	))
}

// quickLinkify is goldmark's Linkify parser (with its default options),
// called only where it may find a link. It is tried after every space of
// the text, and at most of them the next word is neither a URL nor an
// e-mail address: one that does not start with "http", "ftp:" or "www."
// and has no "@" where an address's could be (the parser looks for it
// right after at most 64 characters) is passed over at once.
type quickLinkify struct {
	inner parser.InlineParser
}

func (q quickLinkify) Trigger() []byte { return q.inner.Trigger() }

func (q quickLinkify) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) > 0 {
		switch line[0] { // the trigger, which Linkify steps over
		case ' ', '*', '_', '~', '(':
			line = line[1:]
		}
	}
	if !bytes.HasPrefix(line, []byte("http")) && !bytes.HasPrefix(line, []byte("ftp:")) && !bytes.HasPrefix(line, []byte("www.")) &&
		bytes.IndexByte(line[:min(len(line), 65)], '@') < 0 {
		return nil
	}
	return q.inner.Parse(parent, block, pc)
}

// NewParser is goldmark's parser with Python-Markdown's rules for raw
// HTML: only a block-level element (div, table, details, …) starts a raw
// HTML block, and the block ends with the element's closing tag. A line
// opening with any other tag (<small>, <span>, <img>, <a>) starts a
// paragraph, and a line after the closing tag is markdown again, as MkDocs
// reads them; CommonMark would take the lines up to the next blank one as
// raw HTML in both cases.
func NewParser() parser.Parser {
	blocks := parser.DefaultBlockParsers()
	for i, b := range blocks {
		switch b.Priority {
		case 900: // goldmark's HTML block parser
			blocks[i] = util.Prioritized(htmlBlocks{b.Value.(parser.BlockParser)}, 900)
		case 300: // its list parser
			blocks[i] = util.Prioritized(bulletLists{b.Value.(parser.BlockParser)}, 300)
		}
	}
	return parser.NewParser(parser.WithBlockParsers(blocks...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
}

// htmlBlocks is goldmark's HTML block parser, declining inline elements.
type htmlBlocks struct{ parser.BlockParser }

var openingTag = regexp.MustCompile(`^ {0,3}</?([A-Za-z][A-Za-z0-9-]*)(?:[\s/>]|$)`)

func (h htmlBlocks) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	m := openingTag.FindSubmatch(line)
	if m == nil {
		return h.BlockParser.Open(parent, reader, pc) // a comment, a declaration, …
	}
	tag := strings.ToLower(string(m[1]))
	if !blockLevel[tag] {
		return nil, parser.NoChildren // the paragraph parser takes the line
	}
	node, state := h.BlockParser.Open(parent, reader, pc)
	if b, ok := node.(*ast.HTMLBlock); ok && (b.HTMLBlockType == ast.HTMLBlockType6 || b.HTMLBlockType == ast.HTMLBlockType7) {
		elementsOf(pc)[b] = &element{tag: tag, depth: tagDepth(line, tag)}
	}
	return node, state
}

// Continue ends a block-level element's block after its closing tag.
func (h htmlBlocks) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	e := elementsOf(pc)[node]
	if e != nil && e.depth <= 0 {
		return parser.Close // the element is closed: the next line is markdown
	}
	line, _ := reader.PeekLine()
	state := h.BlockParser.Continue(node, reader, pc)
	if e != nil && state != parser.Close {
		e.depth += tagDepth(line, e.tag)
	}
	return state
}

// element is an open raw HTML block's element: its tag and how many of it
// are open.
type element struct {
	tag   string
	depth int
}

var elementsKey = parser.NewContextKey()

// elementsOf are the raw HTML blocks of one parse, in its context (the
// parser is shared by concurrent conversions).
func elementsOf(pc parser.Context) map[ast.Node]*element {
	m, _ := pc.Get(elementsKey).(map[ast.Node]*element)
	if m == nil {
		m = map[ast.Node]*element{}
		pc.Set(elementsKey, m)
	}
	return m
}

// tagDepth is the opening tags of tag on the line less its closing tags
// (a self-closing one counts for nothing).
func tagDepth(line []byte, tag string) int {
	lower := strings.ToLower(string(line))
	depth := 0
	for i := 0; i < len(lower); i++ {
		if lower[i] != '<' {
			continue
		}
		rest := lower[i+1:]
		closing := strings.HasPrefix(rest, "/")
		rest = strings.TrimPrefix(rest, "/")
		if !strings.HasPrefix(rest, tag) || len(rest) > len(tag) && !strings.ContainsRune(" \t\n\r/>", rune(rest[len(tag)])) {
			continue
		}
		end := strings.IndexByte(rest, '>')
		switch {
		case closing:
			depth--
		case end > 0 && rest[end-1] == '/':
		default:
			depth++
		}
	}
	return depth
}

// blockLevel are the tags that start a raw HTML block: Python-Markdown's
// block-level elements, and CommonMark's (types 1 and 6), so no block
// either reads as raw HTML stays markdown.
var blockLevel = func() map[string]bool {
	m := map[string]bool{}
	for _, t := range strings.Fields(`address article aside blockquote details dialog div dl fieldset figcaption figure
		footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section table ul
		canvas colgroup dd body dt group html iframe li legend math map noscript output object option
		progress script style summary tbody td textarea tfoot th thead tr video
		base basefont caption center col dir frame frameset head link menuitem noframes optgroup param search title track`) {
		m[t] = true
	}
	return m
}()
