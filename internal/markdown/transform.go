package markdown

import (
	"bytes"
	"html"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"handbook/internal/markdown/math"
	"handbook/internal/markdown/tabs"
	"handbook/internal/markdown/toc"
	"handbook/internal/slug"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// pageTransformer runs after every other transformer: it assigns heading ids
// (explicit ids reserved first, as Python-Markdown does), tags level
// headings, rewrites links through the page's Linker and fills the Result.
type pageTransformer struct{ opts Options }

func (t *pageTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	res, _ := pc.Get(resultKey).(*Result)
	if res == nil || pc.Get(blankEndsKey) != nil { // parsed again: see blankEnds
		return
	}
	linker, _ := pc.Get(linkerKey).(Linker)
	src := reader.Source()
	w := &pageWalk{src: src, lines: lineStarts(src), linker: linker, res: res, ids: slug.NewIDSet()}
	w.collect(doc)
	w.assignHeadingIDs(t.opts)
	if t.opts.TabIDs.Slugify != nil {
		w.assignTabIDs(doc, t.opts.TabIDs)
	}
	w.sections(doc)
	res.IDs = w.ids.Sorted()
}

type pageWalk struct {
	src      []byte
	lines    []int
	linker   Linker
	res      *Result
	ids      *slug.IDSet
	headings []*ast.Heading
	scratch  []byte // text looked at and let go of
}

var htmlIDRe = regexp.MustCompile(`(?i)\sid\s*=\s*(?:"([^"]*)"|'([^']*)')`)

// collect walks the document once: explicit ids, headings, links, raw HTML.
func (w *pageWalk) collect(doc ast.Node) {
	var replace [][2]ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if h, ok := n.(*ast.Heading); ok {
			w.headings = append(w.headings, h)
		}
		if id, ok := n.AttributeString("id"); ok {
			if s := attrString(id); s != "" {
				w.reserve(s, blockStart(n))
			}
		}
		switch n := n.(type) {
		case *ast.Link:
			n.Destination = []byte(w.link(n, string(n.Destination), LinkMarkdown))
		case *ast.Image:
			n.Destination = []byte(w.link(n, string(n.Destination), LinkImage))
		case *ast.AutoLink:
			if w.linker != nil && n.AutoLinkType == ast.AutoLinkURL {
				line, col := w.pos(segmentStart(n))
				w.linker.Rewrite(string(n.URL(w.src)), LinkMarkdown, line, col)
			}
		case *ast.FencedCodeBlock:
			if string(n.Language(w.src)) == "mermaid" {
				w.res.HasMermaid = true
			}
		case *ast.RawHTML:
			if r := w.rawHTML(n.Segments); r != nil {
				replace = append(replace, [2]ast.Node{n, &RawInline{Raw: r}})
			}
		case *ast.HTMLBlock:
			segs := n.Lines()
			if n.HasClosure() {
				segs = text.NewSegments()
				for i := 0; i < n.Lines().Len(); i++ {
					segs.Append(n.Lines().At(i))
				}
				segs.Append(n.ClosureLine)
			}
			if r := w.rawHTML(segs); r != nil {
				replace = append(replace, [2]ast.Node{n, &RawBlock{Raw: r}})
			}
		}
		if math.IsMath(n) {
			w.res.HasMath = true
		}
		return ast.WalkContinue, nil
	})
	for _, r := range replace {
		if p := r[0].Parent(); p != nil {
			p.ReplaceChild(p, r[0], r[1])
		}
	}
}

func attrString(v any) string {
	switch v := v.(type) {
	case []byte:
		return string(v)
	case string:
		return v
	}
	return ""
}

// reserve records an explicit id, reporting one the page already has.
func (w *pageWalk) reserve(id string, offset int) {
	if w.ids.Has(id) {
		line, col := w.pos(offset)
		w.res.Diags.Warnf("", line, col, "duplicate-id", "duplicate id %q in this page", id)
	}
	w.ids.Add(id)
}

// link records a markdown link or image and returns its rewritten destination.
func (w *pageWalk) link(n ast.Node, dest string, kind LinkKind) string {
	line, col := w.pos(w.linkOffset(n, kind))
	l := Link{Dest: dest, Kind: kind, Line: line, Col: col}
	if kind == LinkImage {
		w.scratch = appendPlainText(w.scratch[:0], n, w.src)
		l.NoAlt = len(bytes.TrimSpace(w.scratch)) == 0
	} else {
		l.Empty = !w.hasContent(n)
	}
	w.res.Links = append(w.res.Links, l)
	if w.linker == nil {
		return dest
	}
	return w.linker.Rewrite(dest, kind, line, col)
}

// linkOffset finds where a link starts in the source: goldmark keeps no
// position for links, so search back from the first text inside it for the
// opening bracket.
func (w *pageWalk) linkOffset(n ast.Node, kind LinkKind) int {
	start := segmentStart(n)
	if start < 0 {
		start = w.emptyLinkOffset(n)
	}
	if start < 0 {
		return 0
	}
	i := start
	if i > len(w.src) {
		i = len(w.src)
	}
	for i > 0 && w.src[i-1] != '[' && start-i < 4 {
		i--
	}
	if i > 0 && w.src[i-1] == '[' {
		i--
		if kind == LinkImage && i > 0 && w.src[i-1] == '!' {
			i--
		}
		return i
	}
	return start
}

// emptyLinkOffset finds a link without text ("[](x)", "![](y)") by its
// destination, searching from the end of the text before it.
func (w *pageWalk) emptyLinkOffset(n ast.Node) int {
	from := blockStart(n)
	for p := n.PreviousSibling(); p != nil; p = p.PreviousSibling() {
		if t, ok := p.(*ast.Text); ok {
			from = t.Segment.Stop
			break
		}
	}
	if from < 0 || from > len(w.src) {
		return -1
	}
	var dest []byte
	switch n := n.(type) {
	case *ast.Link:
		dest = n.Destination
	case *ast.Image:
		dest = n.Destination
	}
	j := bytes.Index(w.src[from:], append([]byte("]("), dest...))
	if j < 0 {
		return -1
	}
	return from + j // the "]": linkOffset steps back to the "["
}

var attrValueRe = regexp.MustCompile(`(?i)(\s(?:href|src)\s*=\s*)(?:"([^"]*)"|'([^']*)')`)

// rawHTML rewrites href and src attributes in raw HTML through the Linker.
// It returns nil when nothing changed, so the original node stays.
func (w *pageWalk) rawHTML(segs *text.Segments) []byte {
	var raw []byte
	starts := make([]int, 0, segs.Len())
	for i := 0; i < segs.Len(); i++ {
		s := segs.At(i)
		starts = append(starts, s.Start)
		raw = append(raw, s.Value(w.src)...)
	}
	for _, m := range htmlIDRe.FindAllSubmatch(raw, -1) {
		id := string(m[1])
		if len(m[2]) > 0 {
			id = string(m[2])
		}
		if id != "" {
			w.reserve(html.UnescapeString(id), starts[0])
		}
	}
	if w.linker == nil || !attrValueRe.Match(raw) {
		return nil
	}
	changed := false
	offsetInSource := func(off int) int {
		// Map an offset in the joined raw bytes back to the source.
		acc := 0
		for i := 0; i < segs.Len(); i++ {
			seg := segs.At(i)
			l := seg.Len()
			if off < acc+l {
				return starts[i] + off - acc
			}
			acc += l
		}
		return starts[0]
	}
	// Each match is placed by its own index: looking its text up again
	// would find the first of two identical attributes twice.
	var out []byte
	last := 0
	for _, sub := range attrValueRe.FindAllSubmatchIndex(raw, -1) {
		prefix := raw[sub[2]:sub[3]]
		var value []byte
		if sub[4] >= 0 {
			value = raw[sub[4]:sub[5]]
		} else {
			value = raw[sub[6]:sub[7]]
		}
		line, col := w.pos(offsetInSource(sub[3] + 1))
		dest := html.UnescapeString(string(value))
		w.res.Links = append(w.res.Links, Link{Dest: dest, Kind: LinkHTML, Line: line, Col: col})
		nd := w.linker.Rewrite(dest, LinkHTML, line, col)
		if nd != dest {
			changed = true
		}
		out = append(out, raw[last:sub[2]]...)
		out = append(out, prefix...)
		out = append(out, '"')
		out = append(out, html.EscapeString(nd)...)
		out = append(out, '"')
		last = sub[1]
	}
	out = append(out, raw[last:]...)
	if !changed {
		return nil
	}
	return out
}

// assignHeadingIDs gives every heading without an explicit id the MkDocs slug
// of its text, unique in the page, and tags headings that name one level.
func (w *pageWalk) assignHeadingIDs(opts Options) {
	for _, h := range w.headings {
		txt := plainText(h, w.src)
		id := ""
		if v, ok := h.AttributeString("id"); ok {
			id = attrString(v)
		}
		if id == "" {
			slugText := txt
			if hasFootnoteRef(h) {
				// As Python-Markdown's toc reads the heading: with the
				// number of a footnote reference ("## A[^1]" is "a1").
				slugText = string(appendSlugText(nil, h, w.src))
			}
			id = w.ids.Unique(headingSlug(opts.TOC, slugText))
			h.SetAttributeString("id", []byte(id))
		}
		line := 0
		if h.Lines().Len() > 0 {
			line, _ = w.pos(h.Lines().At(0).Start)
		}
		hd := Heading{Rank: h.Level, ID: id, Text: txt, HTML: html.EscapeString(txt), Line: line, InTOC: opts.TOC.Listed(h.Level)}
		if !opts.NoSectionLevels {
			hd.Level = NamedLevel(txt, opts.LevelIDs)
			if hd.Level != "" {
				h.SetAttributeString("data-level", []byte(hd.Level))
			}
		}
		if h.Level == 1 && w.res.Title == "" {
			w.res.Title = txt
		}
		w.res.Headings = append(w.res.Headings, hd)
	}
}

func hasFootnoteRef(n ast.Node) bool {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Kind() == extast.KindFootnoteLink || hasFootnoteRef(c) {
			return true
		}
	}
	return false
}

// appendSlugText appends n's plain text with its footnote references'
// numbers.
func appendSlugText(dst []byte, n ast.Node, src []byte) []byte {
	if l, ok := n.(*extast.FootnoteLink); ok {
		return strconv.AppendInt(dst, int64(l.Index), 10)
	}
	if !hasFootnoteRef(n) {
		return appendPlainText(dst, n, src)
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		dst = appendSlugText(dst, c, src)
	}
	return dst
}

// headingSlug is the id toc gives a heading: MkDocs' default slugify
// unless the project names another.
func headingSlug(o toc.Options, text string) string {
	switch {
	case o.Slugify != nil:
		return o.Slugify(text, o.Separator)
	case o.Separator != "-":
		return toc.Default(text, o.Separator)
	}
	return slug.Slugify(text)
}

// assignTabIDs gives each tab the slug of its label, unique in the page,
// after the heading ids are known (as pymdownx.tabbed's tree processor runs
// after toc's): with CombineHeaderSlug, prefixed with the id of the
// heading before its set.
func (w *pageWalk) assignTabIDs(doc ast.Node, o TabIDs) {
	sep := o.Separator
	if sep == "" {
		sep = "-"
	}
	header := ""
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if id, ok := n.AttributeString("id"); ok {
				header = attrString(id)
			}
		case *tabs.Label:
			id := o.Slugify(plainText(n, w.src), sep)
			if o.CombineHeaderSlug && header != "" {
				id = header + sep + id
			}
			n.ID = w.ids.Unique(id)
		}
		return ast.WalkContinue, nil
	})
}

// NamedLevel returns the one level id that text names as a whole word
// (case-insensitive: "L7 case study", "l6-scenarios"), or "" when it names
// none or several.
func NamedLevel(text string, levelIDs []string) string {
	found := ""
	lower := strings.ToLower(text)
	for _, id := range levelIDs {
		if id == "" || !containsToken(lower, strings.ToLower(id)) {
			continue
		}
		if found != "" {
			return ""
		}
		found = id
	}
	return found
}

func containsToken(s, tok string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], tok)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(tok)
		if (start == 0 || !isAlnum(s[start-1])) && (end == len(s) || !isAlnum(s[end])) {
			return true
		}
		i = start + 1
	}
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z'
}

// sections splits the page at its top-level headings into search sections.
func (w *pageWalk) sections(doc ast.Node) {
	type tag struct {
		rank  int
		level string
	}
	var stack []tag
	cur := Section{Heading: -1}
	// One buffer of each kind for all sections: a section's text is
	// copied out once, at its exact size.
	var text, code []byte
	flush := func() {
		cur.Text = string(bytes.TrimSpace(text))
		cur.Code = string(bytes.TrimSpace(code))
		cur.Summary = FirstSentence(cur.Text)
		if cur.Text != "" || cur.Code != "" || cur.Heading >= 0 {
			w.res.Sections = append(w.res.Sections, cur)
		}
		text, code = text[:0], code[:0]
	}
	hi := 0
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok {
			flush()
			idx := indexOfHeading(w.headings, h, hi)
			if idx >= 0 {
				hi = idx + 1
			}
			for len(stack) > 0 && stack[len(stack)-1].rank >= h.Level {
				stack = stack[:len(stack)-1]
			}
			if idx >= 0 && w.res.Headings[idx].Level != "" {
				stack = append(stack, tag{h.Level, w.res.Headings[idx].Level})
			}
			cur = Section{Heading: idx}
			if len(stack) > 0 {
				cur.Levels = []string{stack[len(stack)-1].level}
			}
			continue
		}
		text, code = appendBlockText(text, code, n, w.src)
	}
	flush()
}

func indexOfHeading(hs []*ast.Heading, h *ast.Heading, from int) int {
	for i := from; i < len(hs); i++ {
		if hs[i] == h {
			return i
		}
	}
	for i := 0; i < from && i < len(hs); i++ {
		if hs[i] == h {
			return i
		}
	}
	return -1
}

// appendBlockText appends a block's prose to text and its code to code.
func appendBlockText(text, code []byte, n ast.Node, src []byte) ([]byte, []byte) {
	switch n := n.(type) {
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			s := lines.At(i)
			code = append(code, s.Value(src)...)
		}
		return text, append(code, '\n')
	case *ast.HTMLBlock, *RawBlock:
		return text, code
	}
	if n.Type() == ast.TypeBlock && n.FirstChild() != nil && n.FirstChild().Type() == ast.TypeBlock {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			text, code = appendBlockText(text, code, c, src)
		}
		return text, code
	}
	start := len(text)
	if text = appendPlainText(text, n, src); len(text) > start {
		text = append(text, '\n')
	}
	return text, code
}

// plainText is the text content of a node, as an HTML element's textContent
// would be: text and code spans, without markup or raw HTML.
func plainText(n ast.Node, src []byte) string {
	return string(appendPlainText(nil, n, src))
}

// appendPlainText appends n's plainText to dst.
func appendPlainText(dst []byte, n ast.Node, src []byte) []byte {
	start := len(dst)
	dst = appendRawText(dst, n, src)
	// The character references are decoded in the whole text at once, as
	// one may be split between two nodes ("&amp;" as "&" and "amp;").
	if bytes.IndexByte(dst[start:], '&') >= 0 {
		s := html.UnescapeString(string(dst[start:]))
		dst = append(dst[:start], s...)
	}
	return dst
}

// appendRawText appends n's text content with its character references
// as they are in the source.
func appendRawText(dst []byte, n ast.Node, src []byte) []byte {
	switch c := n.(type) {
	case *ast.Text:
		// Markdown escapes ("\<img") are syntax, not text, as goldmark's
		// HTML writer treats them.
		v := c.Segment.Value(src)
		if bytes.IndexByte(v, '\\') >= 0 {
			v = util.UnescapePunctuations(v)
		}
		dst = append(dst, v...)
		if c.SoftLineBreak() || c.HardLineBreak() {
			dst = append(dst, ' ')
		}
	case *ast.String:
		dst = append(dst, c.Value...)
	case *ast.RawHTML, *RawInline:
		return dst
	case *ast.AutoLink:
		return append(dst, c.Label(src)...)
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		dst = appendRawText(dst, c, src)
	}
	return dst
}

// hasContent reports whether a link shows anything: text or an image (or
// raw HTML, which may).
func (w *pageWalk) hasContent(n ast.Node) bool {
	w.scratch = appendPlainText(w.scratch[:0], n, w.src)
	return len(bytes.TrimSpace(w.scratch)) > 0 || hasImageOrHTML(n)
}

func hasImageOrHTML(n ast.Node) bool {
	switch n.(type) {
	case *ast.Image, *ast.RawHTML:
		return true
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if hasImageOrHTML(c) {
			return true
		}
	}
	return false
}

// segmentStart is the source offset of the first text inside n, or -1.
func segmentStart(n ast.Node) int {
	if t, ok := n.(*ast.Text); ok {
		return t.Segment.Start
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if start := segmentStart(c); start >= 0 {
			return start
		}
	}
	return -1
}

// blockStart is the source offset of the block that holds n, or -1.
func blockStart(n ast.Node) int {
	for p := n; p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines() != nil && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return -1
}

func lineStarts(src []byte) []int {
	starts := make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return starts
		}
		off += i + 1
		starts = append(starts, off)
	}
}

// pos converts a source offset to a 1-based line and column.
func (w *pageWalk) pos(off int) (int, int) {
	if off < 0 {
		return 1, 1
	}
	i := sort.Search(len(w.lines), func(i int) bool { return w.lines[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return i + 1, off - w.lines[i] + 1
}

// FirstSentence returns the first sentence of text with its whitespace
// collapsed, at most about 200 bytes (cut at a word, with "…"). It reads
// only as far as it needs, and copies nothing while what it has read is
// written with single spaces (most prose).
func FirstSentence(text string) string {
	const limit = 200
	b := collapsed{text: text}
	space := false
	for i := 0; i < len(text); {
		if blank(text[i]) {
			space = b.n > 0
			i++
			continue
		}
		if space {
			// A sentence ends at ". ", "! " or "? " after a few words.
			if b.n > 11 && strings.IndexByte(".!?", b.last()) >= 0 {
				return b.String()
			}
			if b.n >= limit {
				break
			}
			b.add(' ', i-1)
			space = false
		}
		// The word from i, added at once: up to the next blank, or to
		// the byte that makes it more than limit+100 long.
		j := i + 1
		for j < len(text) && j-i < limit+101-b.n && !blank(text[j]) {
			j++
		}
		b.addWord(i, j)
		if b.n > limit+100 {
			break
		}
		i = j
	}
	out := b.String()
	if len(out) > 11 && strings.ContainsRune(".!?", rune(out[len(out)-1])) && len(out) <= limit+100 && !strings.Contains(out[:len(out)-1], ". ") {
		return out
	}
	if len(out) <= limit {
		return out
	}
	cut := strings.LastIndex(out[:limit], " ")
	if cut < limit/2 {
		cut = limit
	}
	for cut > 0 && out[cut]&0xC0 == 0x80 {
		cut--
	}
	return out[:cut] + "…"
}

// collapsed is FirstSentence's output: text[start:start+n] as long as each
// byte added is the next byte of text, and a copy from the first one that
// is not (a collapsed run of whitespace).
type collapsed struct {
	text     string
	start, n int
	copy     []byte // nil until then
}

// add appends c, which stands for text[at].
func (b *collapsed) add(c byte, at int) {
	if b.n == 0 && b.copy == nil {
		b.start = at
	}
	if b.copy == nil {
		if at == b.start+b.n && b.text[at] == c {
			b.n++
			return
		}
		b.copy = append(make([]byte, 0, b.n+64), b.text[b.start:b.start+b.n]...)
	}
	b.copy = append(b.copy, c)
	b.n++
}

// addWord appends text[from:to], which has no blank.
func (b *collapsed) addWord(from, to int) {
	if b.n == 0 && b.copy == nil {
		b.start = from
	}
	if b.copy == nil && from == b.start+b.n {
		b.n += to - from
		return
	}
	if b.copy == nil {
		b.copy = append(make([]byte, 0, b.n+64), b.text[b.start:b.start+b.n]...)
	}
	b.copy = append(b.copy, b.text[from:to]...)
	b.n += to - from
}

// blank reports whether c is a blank FirstSentence collapses.
func blank(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
}

func (b *collapsed) last() byte {
	if b.copy == nil {
		return b.text[b.start+b.n-1]
	}
	return b.copy[b.n-1]
}

func (b *collapsed) String() string {
	if b.copy == nil {
		return b.text[b.start : b.start+b.n]
	}
	return string(b.copy)
}
