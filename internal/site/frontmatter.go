package site

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"handbook/internal/project/cfgtree"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"handbook/internal/diag"
	"handbook/internal/project"
)

// FrontMatter is the YAML block at the top of a page.
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
	// LevelLine is where the levels were given, for diagnostics.
	LevelLine int `yaml:"-"`
}

// knownFields are front-matter keys handbook reads, plus keys MkDocs and
// Material define that are harmless here (so migrated pages don't warn).
var knownFields = map[string]bool{
	"title": true, "description": true, "levels": true, "level": true, "audience": true,
	"tags": true, "weight": true, "draft": true, "drill": true,
	"hide": true, "icon": true, "status": true, "template": true, "search": true, "authors": true, "date": true,
}

// splitFrontMatter separates a leading "---" YAML block from the body. It
// returns the YAML, the body, and the number of lines before the body.
func splitFrontMatter(src []byte) (yamlBlock, body []byte, bodyLine int, ok bool) {
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

// unclosedFrontMatter reports a page that opens front matter ("---" then
// a "key: value" line) and never closes it. Such a page is read as having
// no front matter (its first line is then a rule, as MkDocs reads it), but
// the author almost surely forgot the closing "---".
func unclosedFrontMatter(src []byte) bool {
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

// parseFrontMatter decodes the YAML block (which starts on line 2 of the file).
func parseFrontMatter(path string, block []byte, levels []project.Level) (FrontMatter, diag.List) {
	var fm FrontMatter
	var diags diag.List
	if len(bytes.TrimSpace(block)) == 0 {
		return fm, nil
	}
	file, err := parser.ParseBytes(block, 0)
	if err != nil {
		diags = append(diags, cfgtree.YAMLDiagnostic(path, err, 1))
		return fm, diags
	}
	if len(file.Docs) == 0 || file.Docs[0].Body == nil {
		return fm, nil
	}
	m, ok := file.Docs[0].Body.(*ast.MappingNode)
	if !ok {
		tk := file.Docs[0].Body.GetToken()
		diags.Errorf(path, tk.Position.Line+1, tk.Position.Column, "front-matter", "front matter must be a mapping of keys to values")
		return fm, diags
	}
	for _, kv := range m.Values {
		key := kv.Key.String()
		tk := kv.Key.GetToken()
		line, col := tk.Position.Line+1, tk.Position.Column
		if !knownFields[key] {
			diags.Warnf(path, line, col, "front-matter-field", "unknown front-matter field %q", key)
			continue
		}
		if key == "drill" {
			spec, d := decodeDrill(path, line, col, kv.Value, levels)
			fm.Drill = spec
			diags = append(diags, d...)
			continue
		}
		if err := decodeField(&fm, key, kv.Value); err != nil {
			diags.Errorf(path, line, col, "front-matter-type", "front-matter field %q: %v", key, err)
			continue
		}
		if key == "levels" || key == "level" || key == "audience" {
			fm.LevelLine = line
			diags = append(diags, checkLevels(path, line, col, fm.Levels, levels)...)
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

func checkLevels(path string, line, col int, got []string, levels []project.Level) diag.List {
	var diags diag.List
	var ids []string
	for _, l := range levels {
		ids = append(ids, l.ID)
	}
	sort.Strings(ids)
	for _, g := range got {
		found := false
		for _, l := range levels {
			if strings.EqualFold(l.ID, g) {
				found = true
			}
		}
		if !found {
			diags.Errorf(path, line, col, "front-matter-level", "unknown level %q (configured levels: %s)", g, strings.Join(ids, ", "))
		}
	}
	return diags
}
