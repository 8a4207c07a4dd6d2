// Package snippets expands pymdownx.snippets' `--8<--` notation: it
// inserts other files into a page before the page is parsed, as
// pymdownx's preprocessor does.
//
//	--8<-- "file.md"            one file (indented like the marker)
//	--8<-- "file.md:4:6"        lines 4 to 6; "::3", ":4", ":1:3,5:6", ":-2"
//	--8<-- "file.md:name"       the lines between --8<-- [start:name] and [end:name]
//	--8<--                      a block of file names, one a line,
//	a.md                        blank lines kept, "; b.md" skipped
//	--8<--
//	;--8<-- "file.md"           escaped: shown as --8<-- "file.md"
//
// Unlike pymdownx, which silently skips what it cannot use, a snippet
// outside the base paths (by its name or through a symbolic link), a cycle
// of snippets and a remote URL are reported; a missing file is reported
// only with CheckPaths, as in pymdownx.
package snippets

import (
	"bytes"
	"fmt"
	"os"
	"sort"
	"strings"

	"handbook/internal/diag"
)

// Options configure the expansion.
type Options struct {
	// BasePaths are where snippet names are looked up, in order: folders,
	// or single files matched by their own name. Empty means ".".
	// Relative paths are relative to the working directory.
	BasePaths []string
	// Within are the folders a symbolic link in a base path may lead into
	// besides that base path: the project folder (see srctree).
	Within []string
	// CheckPaths makes a missing snippet (file or section) an error.
	CheckPaths bool
	// AutoAppend are snippet names appended to every page.
	AutoAppend []string
	// DedentSubsections removes the common indentation of the lines a
	// line selection or a section picks.
	DedentSubsections bool
	// TabLength is the width a tab in a marker's indentation expands to
	// (default 4, Python-Markdown's).
	TabLength int
	// ReadFile reads a snippet; default os.ReadFile. The build passes a
	// cached reader so a file included by many pages is read once.
	ReadFile func(path string) ([]byte, error)
}

// MaxOutput bounds the expanded page: snippets including each other
// several times each (without a cycle) could otherwise grow without limit.
const MaxOutput = 64 << 20

// Expansion is a page with its snippets inserted.
type Expansion struct {
	Source []byte
	// Files are the snippet files read, absolute and sorted; Missing are
	// the paths looked for in vain. Both decide whether the page is
	// up to date.
	Files   []string
	Missing []string
	// Diags are positioned in the page as given (1-based lines).
	Diags diag.List
	// origins[i] is the page line output line i+1 came from (for a
	// snippet's lines, the line that included it); nil means unchanged.
	origins []int
}

// PageLine maps a 1-based line of Source to the line of the page it comes
// from: itself, or the marker that included it.
func (e *Expansion) PageLine(line int) int {
	if e.origins == nil || line < 1 {
		return line
	}
	if line > len(e.origins) {
		return e.origins[len(e.origins)-1]
	}
	return e.origins[line-1]
}

// Expand inserts the snippets src refers to, and those in opts.AutoAppend.
// A page without the notation is returned as it is.
func Expand(src []byte, opts Options) *Expansion {
	if len(opts.AutoAppend) == 0 && !bytes.Contains(src, []byte("8<")) {
		return &Expansion{Source: src}
	}
	e := newExpander(opts)
	lines := strings.Split(string(src), "\n")
	pageLines := len(lines)
	if len(opts.AutoAppend) > 0 {
		// What pymdownx appends: a block listing the files.
		lines = append(lines, "", "", "--8<--")
		lines = append(lines, strings.Split(strings.Join(opts.AutoAppend, "\n\n"), "\n")...)
		lines = append(lines, "--8<--", "")
	}
	e.expand(lines, frame{})
	res := &Expansion{Diags: e.diags, Source: []byte(e.out.String()), origins: e.origins}
	for i := range res.Diags {
		res.Diags[i].Line = min(res.Diags[i].Line, pageLines)
	}
	for i := range res.origins {
		res.origins[i] = min(res.origins[i], pageLines)
	}
	res.Files, res.Missing = sortedKeys(e.files), sortedKeys(e.missing)
	return res
}

func sortedKeys(m map[string]bool) []string {
	if len(m) == 0 {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// frame is where expand is working: the page (file == "") or a snippet,
// with the page line that led there and the chain of snippets above.
type frame struct {
	file   string // absolute path of the snippet being expanded
	name   string // as it was written
	line   int    // page line of the outermost marker
	parent *frame // the snippet or page that included this one
	indent string // written before each line
}

type expander struct {
	opts          Options
	bases         []string
	files         map[string]bool
	missing       map[string]bool
	cache         map[string][]string
	resolvedNames map[string]resolved
	diags         diag.List
	out           strings.Builder
	origins       []int // page line of each line written
	stopped       bool
}

func newExpander(opts Options) *expander {
	if opts.TabLength <= 0 {
		opts.TabLength = 4
	}
	if opts.ReadFile == nil {
		opts.ReadFile = os.ReadFile
	}
	bases := opts.BasePaths
	if len(bases) == 0 {
		bases = []string{"."}
	}
	return &expander{
		opts: opts, bases: absolute(bases),
		files: map[string]bool{}, missing: map[string]bool{}, cache: map[string][]string{},
		resolvedNames: map[string]resolved{},
	}
}

// expand processes lines of the page (f.file == "") or of a snippet.
func (e *expander) expand(lines []string, f frame) {
	inBlock := false
	blockLine := 0
	for i, line := range lines {
		origin := f.line
		if f.file == "" {
			origin = i + 1
		}
		if e.stopped {
			return
		}
		m := parseMarker(line)
		switch {
		case m.kind == escapedMark:
			e.emit(f, unescape(line), origin)
		case m.kind == blockMark:
			inBlock = !inBlock
			if inBlock {
				blockLine = i + 1
			}
		case m.kind == inlineMark && inBlock:
			// pymdownx ignores the inline form inside a block.
		case m.kind == inlineMark:
			e.include(m.space, m.path, f, i+1, origin)
		case inBlock:
			space, name := splitIndent(line)
			if name == "" {
				e.emit(f, "", origin)
				continue
			}
			e.include(space, name, f, i+1, origin)
		case f.file != "":
			e.snippetLine(line, f, origin)
		default:
			e.emit(f, line, origin)
		}
	}
	if inBlock {
		e.warn(f, blockLine, "the snippet block opened here with --8<-- is never closed: the lines after it were read as file names")
	}
}

// snippetLine passes on a line of a snippet, leaving out section markers
// (and unescaping escaped ones).
func (e *expander) snippetLine(line string, f frame, origin int) {
	if s, ok := parseSection(line); ok {
		if !s.escaped {
			return
		}
		line = s.line
	}
	e.emit(f, line, origin)
}

// emit writes one line, indented as the markers that led to it were.
func (e *expander) emit(f frame, text string, origin int) {
	if e.out.Len()+len(f.indent)+len(text)+1 > MaxOutput {
		if !e.stopped {
			e.diags.Errorf("", origin, 1, "snippet", "the page grows beyond %d MB with its snippets: the rest is left out", MaxOutput>>20)
		}
		e.stopped = true
		return
	}
	if len(e.origins) > 0 {
		e.out.WriteByte('\n')
	}
	e.out.WriteString(f.indent)
	e.out.WriteString(text)
	e.origins = append(e.origins, origin)
}

// splitIndent splits a line of a block into its indentation and the
// trimmed file name.
func splitIndent(line string) (string, string) {
	line = strings.TrimSuffix(line, "\r")
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	return line[:i], strings.TrimSpace(line[i:])
}

// include inserts the snippet named name, each line prefixed with space.
// lineNo is the marker's line in the file being expanded.
func (e *expander) include(space, name string, f frame, lineNo, origin int) {
	if strings.HasPrefix(name, ";") {
		return // commented out
	}
	sp := parseSpec(name)
	if sp.file == "" {
		e.missingSnippet(f, lineNo, name, nil)
		return
	}
	if lower := strings.ToLower(sp.file); strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") {
		e.warn(f, lineNo, fmt.Sprintf("remote snippet %q left out: the build makes no network requests", sp.file))
		return
	}
	path, err := e.resolveOnce(sp.file)
	if err != nil {
		e.fail(f, lineNo, err.Error())
		return
	}
	if path == "" {
		e.missingSnippet(f, lineNo, name, e.candidates(sp.file))
		return
	}
	if cycle(f, path) {
		e.fail(f, lineNo, fmt.Sprintf("snippet cycle: %s includes %q again", strings.Join(append(f.chain(), name), " → "), sp.file))
		return
	}
	lines, err := e.read(path)
	if err != nil {
		e.fail(f, lineNo, fmt.Sprintf("cannot read snippet %q: %v", sp.file, err))
		return
	}
	lines, ok := e.selectLines(lines, sp)
	if !ok {
		e.missingSection(f, lineNo, sp)
	}
	inner := frame{file: path, name: name, line: origin, indent: f.indent + expandTabs(space, e.opts.TabLength), parent: &f}
	e.expand(lines, inner)
}

// resolved is the outcome of resolving a name.
type resolved struct {
	path string
	err  error
}

// resolveOnce resolves each name once per page.
func (e *expander) resolveOnce(name string) (string, error) {
	r, ok := e.resolvedNames[name]
	if !ok {
		r.path, r.err = e.resolve(name)
		e.resolvedNames[name] = r
	}
	return r.path, r.err
}

// cycle reports whether path is already being expanded.
func cycle(f frame, path string) bool {
	for p := &f; p != nil; p = p.parent {
		if p.file == path {
			return true
		}
	}
	return false
}

// chain names the snippets from the outermost one down to f.
func (f frame) chain() []string {
	var names []string
	for p := &f; p != nil && p.file != ""; p = p.parent {
		names = append([]string{p.name}, names...)
	}
	return names
}

// selectLines applies the line selections or the section of sp; ok is
// false when a named section is not there.
func (e *expander) selectLines(lines []string, sp spec) ([]string, bool) {
	switch {
	case len(sp.spans) > 0:
		var picked []string
		for _, s := range sp.spans {
			picked = append(picked, s.apply(lines)...)
		}
		return e.dedent(picked), true
	case sp.section != "":
		picked, found := extractSection(lines, sp.section)
		return e.dedent(picked), found
	}
	return lines, true
}

func (e *expander) dedent(lines []string) []string {
	if !e.opts.DedentSubsections {
		return lines
	}
	return dedent(lines)
}

func (e *expander) missingSnippet(f frame, lineNo int, name string, looked []string) {
	for _, p := range looked {
		e.missing[p] = true
	}
	if e.opts.CheckPaths {
		e.fail(f, lineNo, fmt.Sprintf("snippet %q not found in %s", name, strings.Join(e.opts.basesShown(), ", ")))
	}
}

func (e *expander) missingSection(f frame, lineNo int, sp spec) {
	if e.opts.CheckPaths {
		e.fail(f, lineNo, fmt.Sprintf("snippet section %q not found in %q", sp.section, sp.file))
	}
}

// fail and warn report a problem at the page line that led to it; a
// problem inside a snippet names the snippet and its line too.
func (e *expander) fail(f frame, lineNo int, msg string) {
	line, msg := e.place(f, lineNo, msg)
	e.diags.Errorf("", line, 1, "snippet", "%s", msg)
}

func (e *expander) warn(f frame, lineNo int, msg string) {
	line, msg := e.place(f, lineNo, msg)
	e.diags.Warnf("", line, 1, "snippet", "%s", msg)
}

func (e *expander) place(f frame, lineNo int, msg string) (int, string) {
	if f.file == "" {
		return lineNo, msg
	}
	return f.line, fmt.Sprintf("in snippet %s:%d: %s", f.name, lineNo, msg)
}

func (o Options) basesShown() []string {
	if len(o.BasePaths) == 0 {
		return []string{"."}
	}
	return o.BasePaths
}

// expandTabs expands tabs in an indentation to tab stops of width n.
func expandTabs(s string, n int) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, c := range s {
		if c == '\t' {
			w := n - col%n
			b.WriteString(strings.Repeat(" ", w))
			col += w
			continue
		}
		b.WriteRune(c)
		col++
	}
	return b.String()
}
