// Package markdown converts one handbook page from the Material for MkDocs
// dialect to HTML with goldmark, and reports what the site needs to know
// about it: its title, headings and their ids, its links (already rewritten
// by the caller's Linker), its sections' text for search, and its problems.
//
// The dialect's constructs live in subpackages, one per construct; this
// package wires them together and owns what is page-wide: heading ids
// compatible with MkDocs, permalinks, section levels and link rewriting.
package markdown

import (
	"bytes"
	"fmt"
	"runtime/debug"
	"slices"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"handbook/internal/diag"
	"handbook/internal/markdown/critic"
	"handbook/internal/markdown/gfm"
	"handbook/internal/markdown/guard"
	"handbook/internal/markdown/snippets"
	"handbook/internal/markdown/toc"
)

// Options configure a Converter.
type Options struct {
	// LevelIDs are the configured level ids (e.g. "L6", "L7"). A heading that
	// names exactly one of them tags its section with that level.
	LevelIDs []string
	// NoSectionLevels switches that inference off.
	NoSectionLevels bool
	// TOC is toc's options: the permalink after each heading (its symbol
	// and title), how heading ids are made (slugify, separator) and which
	// heading ranks the table of contents lists.
	TOC toc.Options
	// TabIDs makes the tabs' ids slugs of their labels (pymdownx.tabbed's
	// slugify, separator and combine_header_slug); a nil Slugify keeps
	// the numbered __tabbed_N_M ids.
	TabIDs TabIDs
	// Dialect is the constructs and their settings (see Dialect).
	Dialect Dialect
	// Snippets, when set, inserts pymdownx.snippets' `--8<--` files before
	// the page is parsed; Critic then applies or shows CriticMarkup (the
	// order of pymdownx's preprocessors).
	Snippets *snippets.Options
	Critic   *critic.Options
}

// TabIDs are pymdownx.tabbed's options for its tabs' ids.
type TabIDs struct {
	Slugify   toc.Slugify
	Separator string // default "-"
	// CombineHeaderSlug prefixes a tab's id with the id of the heading
	// before its set: "header-tab".
	CombineHeaderSlug bool
}

// Converter turns pages into HTML. It is safe for concurrent use.
type Converter struct {
	md goldmark.Markdown
	// plain is md without Linkify, for the texts in which it can find no
	// link (see markdownFor); nil when smartsymbols or magiclink is on.
	plain   goldmark.Markdown
	dialect *Dialect
	opts    Options
	pool    sync.Pool
}

// New builds a Converter.
func New(opts Options) *Converter {
	slugify := opts.TOC.Slugify
	opts.TOC = opts.TOC.WithDefaults()
	opts.TOC.Slugify = slugify // nil: MkDocs' default (see headingSlug)
	dialect := &opts.Dialect
	dialect.highlighter() // made before the dialect is copied: both share it
	c := &Converter{md: newGoldmark(dialect, opts), dialect: dialect, opts: opts}
	if dialect.MagicLink == nil && dialect.SmartSymbols == nil {
		plain := *dialect
		plain.noLinkify = true
		c.plain = newGoldmark(&plain, opts)
	}
	c.pool.New = func() any { return new(htmlBuffer) }
	return c
}

func newGoldmark(dialect *Dialect, opts Options) goldmark.Markdown {
	transformers := []util.PrioritizedValue{util.Prioritized(&pageTransformer{opts: opts}, 100000)}
	if dialect.noLinkify {
		transformers = append(transformers, util.Prioritized(blankEnds{}, -1)) // before every other
	}
	return goldmark.New(
		goldmark.WithParser(gfm.NewParser()),
		goldmark.WithExtensions(dialect),
		goldmark.WithParserOptions(
			parser.WithHeadingAttribute(),
			parser.WithASTTransformers(transformers...),
		),
		goldmark.WithRendererOptions(
			html.WithUnsafe(),
			html.WithWriter(textWriter{html.DefaultWriter}),
			renderer.WithNodeRenderers(util.Prioritized(&pageRenderer{opts: opts}, 100)),
		),
	)
}

// LinkKind says where a link was written.
type LinkKind int

const (
	LinkMarkdown LinkKind = iota // [text](dest)
	LinkImage                    // ![alt](src)
	LinkHTML                     // href/src in raw HTML
)

// Linker rewrites a link destination found in the page; it is also where the
// caller records links for checking. Line and col are 1-based positions of
// the link in the page source.
type Linker interface {
	Rewrite(dest string, kind LinkKind, line, col int) string
}

// Heading is one heading of the page, after ids were assigned.
type Heading struct {
	Rank  int    // 1..6
	ID    string // final id (explicit or slug)
	Text  string // plain text
	HTML  string // inner HTML, for the table of contents
	Line  int
	Level string // the level this heading names, when it names exactly one
	InTOC bool   // toc_depth lists its rank in the table of contents
}

// Link is a link as written in the source, before rewriting.
type Link struct {
	Dest      string
	Kind      LinkKind
	Line, Col int
	Empty     bool // no text and no image inside
	NoAlt     bool // an image without alt text
}

// Section is the text between one heading and the next (Heading == -1 for
// the text before the first heading).
type Section struct {
	Heading int
	Text    string
	Summary string // its first sentence
	Code    string
	Levels  []string // levels of the section: from its own heading or an enclosing one
}

// Result is everything known about a converted page.
type Result struct {
	HTML       []byte
	Title      string // text of the first H1, if any
	Headings   []Heading
	IDs        []string // every id in the page: headings, attribute lists, raw HTML
	Links      []Link
	Sections   []Section
	HasMermaid bool
	HasMath    bool
	Diags      diag.List // Path left empty: the caller knows it
	// Included are the snippet files the page read, and Missing the paths
	// where snippets it names could appear (absolute): an edit to any of
	// them changes the page.
	Included []string
	Missing  []string
	// Panic is set when a parser panicked on this page: the panic and its
	// stack. The build reports it as an error and goes on; tests and fuzz
	// targets must fail on it (see the page pipeline's fuzz target).
	Panic string
}

var (
	linkerKey = parser.NewContextKey()
	resultKey = parser.NewContextKey()
)

// Convert parses src and renders it. A panic inside a parser does not stop
// the build: the page comes back empty with an error diagnostic, and the
// panic with its stack in Result.Panic, which tests check.
func (c *Converter) Convert(src []byte, linker Linker) (res *Result) {
	res = &Result{}
	defer func() {
		if r := recover(); r != nil {
			res = &Result{Panic: fmt.Sprintf("%v\n%s", r, debug.Stack())}
			res.Diags.Errorf("", 1, 1, "internal", "markdown parser failed on this page: %v", r)
		}
	}()
	src, pageLine, pre, post := c.preprocess(src, res)
	if pageLine != nil {
		linker = mappedLinker{linker, pageLine}
		defer func() { remapLines(res, pageLine, pre) }()
	}
	md := c.markdownFor(src)
	unparsed := *res
	unparsed.Diags = slices.Clip(unparsed.Diags)
	doc, pc := parse(md, src, linker, res)
	if md == c.plain && pc.Get(blankEndsKey) != nil {
		md, *res = c.md, unparsed // see blankEnds
		doc, pc = parse(md, src, linker, res)
	}
	buf := c.pool.Get().(*htmlBuffer)
	buf.Reset()
	defer c.pool.Put(buf)
	if err := md.Renderer().Render(buf, src, doc); err != nil {
		res.Diags.Errorf("", 1, 1, "render", "rendering failed: %v", err)
	}
	res.HTML = append([]byte(nil), buf.Bytes()...)
	if post != nil {
		res.HTML = post(res.HTML)
	}
	res.Diags = append(res.Diags, c.dialect.Diagnostics(pc)...)
	return res
}

// htmlBuffer is a buffer goldmark's renderer writes into directly (it is a
// util.BufWriter): given a plain bytes.Buffer, Render wraps it in a
// bufio.Writer of its own, 4 KB more for each page and its HTML copied
// once more.
type htmlBuffer struct{ bytes.Buffer }

var _ util.BufWriter = (*htmlBuffer)(nil)

// Buffered is 0 and Flush does nothing: every write is in the buffer.
func (*htmlBuffer) Buffered() int { return 0 }
func (*htmlBuffer) Flush() error  { return nil }

func parse(md goldmark.Markdown, src []byte, linker Linker, res *Result) (ast.Node, parser.Context) {
	pc := parser.NewContext()
	pc.Set(linkerKey, linker)
	pc.Set(resultKey, res)
	return md.Parser().Parse(text.NewReader(src), parser.WithContext(pc)), pc
}

// preprocess runs the text-level extensions (snippets, then critic). It
// returns the source to parse and, when that source's lines differ from
// the page's, the mapping back to page lines; pre counts the diagnostics
// already positioned in the page; post, when not nil, is applied to the
// page's HTML (critic's block tags).
func (c *Converter) preprocess(src []byte, res *Result) (_ []byte, _ func(int) int, pre int, post func([]byte) []byte) {
	var maps []func(int) int
	if c.opts.Snippets != nil {
		exp := snippets.Expand(src, *c.opts.Snippets)
		src = exp.Source
		res.Included, res.Missing = exp.Files, exp.Missing
		res.Diags = append(res.Diags, exp.Diags...)
		maps = append(maps, exp.PageLine)
	}
	if c.opts.Critic != nil {
		cr := critic.Process(src, *c.opts.Critic)
		src = cr.Source
		maps = append(maps, cr.PageLine)
		post = cr.Unwrap
	}
	// Last, on the text goldmark parses: blocks that would cost it more
	// than linear work are fenced as text (see package guard).
	if g := guard.Apply(src); g.Diags != nil {
		src = g.Source
		for _, d := range g.Diags {
			for i := len(maps) - 1; i >= 0; i-- {
				d.Line = maps[i](d.Line)
			}
			res.Diags = append(res.Diags, d)
		}
		maps = append(maps, g.PageLine)
	}
	if len(maps) == 0 {
		return src, nil, 0, post
	}
	return src, func(line int) int {
		for i := len(maps) - 1; i >= 0; i-- {
			line = maps[i](line)
		}
		return line
	}, len(res.Diags), post
}

// mappedLinker reports page lines to the caller's Linker.
type mappedLinker struct {
	Linker
	pageLine func(int) int
}

func (m mappedLinker) Rewrite(dest string, kind LinkKind, line, col int) string {
	if m.Linker == nil {
		return dest
	}
	return m.Linker.Rewrite(dest, kind, m.pageLine(line), col)
}

// remapLines turns the lines of the parsed source into page lines; the
// first pre diagnostics already are.
func remapLines(res *Result, pageLine func(int) int, pre int) {
	for i := range res.Links {
		res.Links[i].Line = pageLine(res.Links[i].Line)
	}
	for i := range res.Headings {
		res.Headings[i].Line = pageLine(res.Headings[i].Line)
	}
	for i := pre; i < len(res.Diags); i++ {
		res.Diags[i].Line = pageLine(res.Diags[i].Line)
	}
}
