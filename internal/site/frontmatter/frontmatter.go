// Package frontmatter reads the YAML block at the top of a page and the
// .meta.yml files whose keys apply to the pages of their folder, as
// Material for MkDocs' meta plugin reads them.
package frontmatter

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"handbook/internal/project/cfgtree"

	"github.com/goccy/go-yaml/ast"

	"handbook/internal/diag"
)

// FrontMatter is the YAML block at the top of a page (with what the
// .meta.yml files of its folders give it).
type FrontMatter struct {
	Title       string   `yaml:"title"`
	Description string   `yaml:"description"`
	Levels      []string `yaml:"-"` // from levels, level or audience
	Tags        []string `yaml:"tags"`
	Weight      int      `yaml:"weight"`
	Draft       bool     `yaml:"draft"`
	HasLevels   bool     `yaml:"-"`
	// Drill makes the page a question drill (see DrillSpec); nil otherwise.
	Drill *DrillSpec `yaml:"-"`
	// LevelLine and LevelCol are where the levels were given, for
	// diagnostics (in LevelFile when a .meta.yml gave them).
	LevelLine, LevelCol int    `yaml:"-"`
	LevelFile           string `yaml:"-"`

	// Material for MkDocs' page settings.
	Hide          []string `yaml:"-"` // parts of the page left out: navigation, toc, footer, path, tags
	Icon          string   `yaml:"-"` // an icon shown with the page's title in the nav, as "material/heart"
	Status        string   `yaml:"-"` // "new", "deprecated", or a status of extra.status
	SearchExclude bool     `yaml:"-"` // search: {exclude: true}: the page is not in the search index
	Template      string   `yaml:"-"` // a theme template to render the page with
	Subtitle      string   `yaml:"-"` // a second line under the title in the nav

	// set are the keys given, so .meta.yml defaults yield to the page's own;
	// pos where each was given (a page's or a .meta.yml's), for messages.
	set map[string]bool
	pos map[string]Pos
}

// Pos is a place in a file.
type Pos struct {
	File      string
	Line, Col int
}

// Where is the place a key was given, or the zero Pos.
func (fm *FrontMatter) Where(key string) Pos { return fm.pos[key] }

// Hides reports whether hide: lists part (navigation, toc, footer, path,
// tags).
func (fm *FrontMatter) Hides(part string) bool { return slices.Contains(fm.Hide, part) }

// knownFields are front-matter keys handbook reads, plus keys MkDocs and
// Material define that are harmless here (so migrated pages don't warn).
// Only handbook.yaml projects warn about other keys: MkDocs allows any.
var knownFields = map[string]bool{
	"title": true, "description": true, "levels": true, "level": true, "audience": true,
	"tags": true, "weight": true, "draft": true, "drill": true,
	"hide": true, "icon": true, "status": true, "template": true, "search": true, "authors": true, "date": true,
	"subtitle": true,
}

// Split separates a leading "---" YAML block from the body. It returns
// the YAML, the body, and the number of lines before the body.
func Split(src []byte) (yamlBlock, body []byte, bodyLine int, ok bool) {
	rest := bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if !bytes.HasPrefix(rest, []byte("---")) {
		return nil, src, 0, false
	}
	first := lineEnd(rest, 0)
	if strings.TrimRight(string(rest[:first]), " \t\r\n") != "---" {
		return nil, src, 0, false
	}
	lines := 1
	for i := first; i < len(rest); {
		end := lineEnd(rest, i)
		line := strings.TrimRight(string(rest[i:end]), " \t\r\n")
		lines++
		if line == "---" || line == "..." {
			return rest[first:i], rest[end:], lines, true
		}
		i = end
	}
	return nil, src, 0, false // no closing line: not front matter
}

// Unclosed reports a page that opens front matter ("---" then
// a "key: value" line) and never closes it. Such a page is read as having
// no front matter (its first line is then a rule, as MkDocs reads it), but
// the author almost surely forgot the closing "---".
func Unclosed(src []byte) bool {
	rest := bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	first := lineEnd(rest, 0)
	if strings.TrimRight(string(rest[:first]), " \t\r\n") != "---" {
		return false
	}
	for i := first; i < len(rest); {
		end := lineEnd(rest, i)
		line := strings.TrimSpace(string(rest[i:end]))
		if line != "" {
			return yamlKeyLine.MatchString(line)
		}
		i = end
	}
	return false
}

var yamlKeyLine = regexp.MustCompile(`^[A-Za-z_][\w-]*:(\s|$)`)

func lineEnd(b []byte, i int) int {
	j := bytes.IndexByte(b[i:], '\n')
	if j < 0 {
		return len(b)
	}
	return i + j + 1
}

// reader reads front matter: a page's (which starts on line 2 of its
// file: lineOffset 1) or a .meta.yml file's (lineOffset 0). mkdocs is set
// for MkDocs and Zensical projects, which allow any key and whose pages
// still build when a value has the wrong type (a warning).
type reader struct {
	path       string
	lineOffset int
	mkdocs     bool
}

// Parse decodes a page's YAML block, as Split returns it (it starts on
// line 2 of the file at path). mkdocs is set for MkDocs and Zensical
// projects, which allow any key and whose pages still build when a value
// has the wrong type (a warning); a handbook.yaml project's are strict.
func Parse(path string, block []byte, mkdocs bool) (FrontMatter, diag.List) {
	return reader{path: path, lineOffset: 1, mkdocs: mkdocs}.parse(block)
}

// ParseMeta decodes a .meta.yml file, read as an MkDocs project's front
// matter.
func ParseMeta(path string, data []byte) (FrontMatter, diag.List) {
	return reader{path: path, mkdocs: true}.parse(data)
}

func (r reader) parse(block []byte) (FrontMatter, diag.List) {
	fm := FrontMatter{set: map[string]bool{}, pos: map[string]Pos{}}
	var diags diag.List
	path := r.path
	if len(bytes.TrimSpace(block)) == 0 {
		return fm, nil
	}
	file, err := cfgtree.ParseYAMLFile(block)
	if err != nil {
		diags = append(diags, cfgtree.YAMLDiagnostic(path, err, r.lineOffset))
		return fm, diags
	}
	if len(file.Docs) == 0 || file.Docs[0].Body == nil {
		return fm, nil
	}
	m, ok := file.Docs[0].Body.(*ast.MappingNode)
	if !ok {
		tk := file.Docs[0].Body.GetToken()
		diags.Errorf(path, tk.Position.Line+r.lineOffset, tk.Position.Column, "front-matter", "front matter must be a mapping of keys to values")
		return fm, diags
	}
	for _, kv := range m.Values {
		key := kv.Key.String()
		tk := kv.Key.GetToken()
		line, col := tk.Position.Line+r.lineOffset, tk.Position.Column
		if !knownFields[key] {
			if !r.mkdocs {
				diags.Warnf(path, line, col, "front-matter-field", "unknown front-matter field %q", key)
			}
			continue
		}
		fm.set[key] = true
		fm.pos[key] = Pos{path, line, col}
		if key == "drill" {
			spec, d := decodeDrill(path, line, col, kv.Value)
			fm.Drill = spec
			diags = append(diags, d...)
			continue
		}
		if err := decodeField(&fm, key, kv.Value); err != nil {
			if r.mkdocs {
				diags.Warnf(path, line, col, "front-matter-type", "front-matter field %q: %v (ignored)", key, err)
			} else {
				diags.Errorf(path, line, col, "front-matter-type", "front-matter field %q: %v", key, err)
			}
			continue
		}
		if key == "levels" || key == "level" || key == "audience" {
			fm.LevelLine, fm.LevelCol, fm.LevelFile = line, col, path
		}
	}
	return fm, diags
}

func decodeField(fm *FrontMatter, key string, v ast.Node) error {
	switch key {
	case "title":
		return decodeString(v, &fm.Title)
	case "description":
		return decodeString(v, &fm.Description)
	case "tags":
		return decodeStrings(v, &fm.Tags)
	case "weight":
		var w int
		if err := cfgtree.DecodeNode(v, &w); err != nil {
			return fmt.Errorf("must be an integer")
		}
		fm.Weight = w
	case "draft":
		var b bool
		if err := cfgtree.DecodeNode(v, &b); err != nil {
			return fmt.Errorf("must be true or false")
		}
		fm.Draft = b
	case "levels", "level", "audience":
		var ls []string
		if err := decodeStrings(v, &ls); err != nil {
			return err
		}
		fm.Levels = append(fm.Levels, ls...)
		fm.HasLevels = true
	case "hide":
		return decodeStrings(v, &fm.Hide)
	case "icon":
		return decodeString(v, &fm.Icon)
	case "status":
		return decodeString(v, &fm.Status)
	case "template":
		return decodeString(v, &fm.Template)
	case "subtitle":
		return decodeString(v, &fm.Subtitle)
	case "search":
		return decodeSearch(v, fm)
	case "authors", "date":
		// The blog's (see internal/blog); accepted here on any page.
	}
	return nil
}

// decodeSearch reads Material's search: {exclude: true} (and its boost,
// which handbook's ranking does without).
func decodeSearch(v ast.Node, fm *FrontMatter) error {
	var m map[string]any
	if _, ok := v.(*ast.MappingNode); !ok || cfgtree.DecodeNode(v, &m) != nil {
		return fmt.Errorf("must be a mapping such as {exclude: true}")
	}
	if ex, ok := m["exclude"]; ok {
		b, isBool := ex.(bool)
		if !isBool {
			return fmt.Errorf("exclude must be true or false")
		}
		fm.SearchExclude = b
	}
	return nil
}

func decodeString(v ast.Node, out *string) error {
	switch v.(type) {
	case *ast.MappingNode, *ast.SequenceNode:
		return fmt.Errorf("must be text")
	}
	var s any
	if err := cfgtree.DecodeNode(v, &s); err != nil {
		return err
	}
	if s == nil {
		return nil
	}
	*out = fmt.Sprint(s)
	return nil
}

// decodeStrings accepts a list or a single scalar ("level: L6").
func decodeStrings(v ast.Node, out *[]string) error {
	var list []any
	if _, ok := v.(*ast.SequenceNode); ok {
		if err := cfgtree.DecodeNode(v, &list); err != nil {
			return err
		}
	} else {
		var s any
		if err := decodeString(v, new(string)); err != nil {
			return fmt.Errorf("must be a list or a single value")
		}
		_ = cfgtree.DecodeNode(v, &s)
		if s != nil {
			list = []any{s}
		}
	}
	for _, x := range list {
		switch x.(type) {
		case map[string]any, []any:
			return fmt.Errorf("must be a list of plain values")
		}
		*out = append(*out, fmt.Sprint(x))
	}
	return nil
}

// Positions are where each key was given (for a build's state on disk).
func (fm *FrontMatter) Positions() map[string]Pos { return fm.pos }

// SetPositions gives fm back its Positions (the keys given are theirs).
func (fm *FrontMatter) SetPositions(pos map[string]Pos) {
	if len(pos) == 0 {
		return
	}
	fm.pos, fm.set = pos, make(map[string]bool, len(pos))
	for k := range pos {
		fm.set[k] = true
	}
}
