package importer

import (
	"regexp"
	"strings"

	"handbook/internal/project"
	"handbook/internal/project/cfgtree"
)

// writeExtensions writes markdown_extensions as mkdocs.yml has them: a
// list of names, or of {name: options}, the options as they were written
// (MkDocs' Python tags kept; !ENV already resolved).
func writeExtensions(w *yamlWriter, exts []project.Extension) {
	if len(exts) == 0 {
		return
	}
	w.line(0, "markdown_extensions:")
	for _, e := range exts {
		if e.Options.IsNull() || e.Options.Kind == cfgtree.Map && len(e.Options.Keys) == 0 {
			w.line(1, "- %s", yamlKey(e.Name))
			continue
		}
		writeEntry(w, 1, "- "+yamlKey(e.Name)+":", e.Options)
	}
}

// writeTheme writes the theme and extra settings readers see (features,
// palette, font, logo, favicon, icon; social, consent) as mkdocs.yml has
// them: handbook.yaml reads the same keys. theme.features is always
// written, empty when there were none, so handbook's own set does not
// replace the project's.
func writeTheme(w *yamlWriter, theme, extra *cfgtree.Node) {
	kept := &cfgtree.Node{Kind: cfgtree.Map}
	none := &cfgtree.Node{Kind: cfgtree.List}
	if theme.Get("features").IsNull() {
		// Absent or written as null (`features:`): either way, no features.
		kept.Keys = append(kept.Keys, &cfgtree.Node{Kind: cfgtree.Scalar, Text: "features"})
		kept.Vals = append(kept.Vals, none)
	}
	if theme != nil && theme.Kind == cfgtree.Map {
		for i, k := range theme.Keys {
			switch k.Text {
			case "features":
				if theme.Vals[i].IsNull() {
					continue // written above as an empty list
				}
				fallthrough
			case "palette", "font", "logo", "favicon", "icon":
				kept.Keys, kept.Vals = append(kept.Keys, k), append(kept.Vals, theme.Vals[i])
			}
		}
	}
	writeEntry(w, 0, "theme:", kept)
	shown := &cfgtree.Node{Kind: cfgtree.Map}
	if extra != nil && extra.Kind == cfgtree.Map {
		for i, k := range extra.Keys {
			if k.Text == "social" || k.Text == "consent" {
				shown.Keys, shown.Vals = append(shown.Keys, k), append(shown.Vals, extra.Vals[i])
			}
		}
	}
	if len(shown.Keys) > 0 {
		writeEntry(w, 0, "extra:", shown)
	}
}

// writeEntry writes a value after its key ("key:" or "- key:"); its
// children go two spaces deeper than the key's first character.
func writeEntry(w *yamlWriter, indent int, key string, n *cfgtree.Node) {
	pad := strings.Repeat("  ", indent)
	inner := indent + 1
	if strings.HasPrefix(key, "- ") {
		inner = indent + 2 // past the "- "
	}
	switch {
	case n.IsNull():
		w.WriteString(pad + key + " null\n")
	case n.Kind == cfgtree.Scalar:
		w.WriteString(pad + key + " " + scalar(n) + "\n")
	case n.Kind == cfgtree.Map && len(n.Keys) == 0:
		w.WriteString(pad + key + tagged(n, " {}") + "\n")
	case n.Kind == cfgtree.Map:
		w.WriteString(pad + key + tagged(n, "") + "\n")
		for i, k := range n.Keys {
			writeEntry(w, inner, yamlKey(k.Text)+":", n.Vals[i])
		}
	case n.Kind == cfgtree.List && len(n.Items) == 0:
		w.WriteString(pad + key + tagged(n, " []") + "\n")
	default:
		w.WriteString(pad + key + tagged(n, "") + "\n")
		for _, it := range n.Items {
			writeItem(w, inner, it)
		}
	}
}

// writeItem writes one list item.
func writeItem(w *yamlWriter, indent int, n *cfgtree.Node) {
	pad := strings.Repeat("  ", indent)
	switch {
	case n.IsNull():
		w.WriteString(pad + "- null\n")
	case n.Kind == cfgtree.Scalar:
		w.WriteString(pad + "- " + scalar(n) + "\n")
	case n.Kind == cfgtree.Map && len(n.Keys) > 0 && n.Tag == "":
		// "- first: …" then the other keys under the first.
		writeEntry(w, indent, "- "+yamlKey(n.Keys[0].Text)+":", n.Vals[0])
		for i := 1; i < len(n.Keys); i++ {
			writeEntry(w, indent+1, yamlKey(n.Keys[i].Text)+":", n.Vals[i])
		}
	default:
		writeEntry(w, indent, "-", n)
	}
}

// tagged is a collection's tag (a space before it) and then empty.
func tagged(n *cfgtree.Node, empty string) string {
	if strings.HasPrefix(n.Tag, "!!python/") {
		return " " + n.Tag + empty
	}
	return empty
}

var plainValue = regexp.MustCompile(`^(true|false|True|False|yes|no|-?[0-9]+(\.[0-9]+)?)$`)

// scalar writes a scalar: a reference to Python code as its tag, a
// boolean or number plain, text as QuoteYAML writes it.
func scalar(n *cfgtree.Node) string {
	switch {
	case strings.HasPrefix(n.Tag, "!!python/name:"), strings.HasPrefix(n.Tag, "!!python/module:"):
		return n.Tag
	case plainValue.MatchString(n.Text):
		return n.Text
	}
	return cfgtree.QuoteYAML(n.Text)
}

// levelNames are the validation levels as written.
var levelNames = map[project.CheckLevel]string{project.CheckIgnore: "ignore", project.CheckInfo: "info", project.CheckWarn: "warn"}

// writeValidation writes MkDocs' strict and validation levels, always:
// handbook.yaml's own defaults (strict, every problem an error) differ
// from MkDocs'.
func writeValidation(w *yamlWriter, c *project.Config) {
	w.line(0, "strict: %t", c.Strict.On)
	v := c.Validation
	absolute := levelNames[v.LinksAbsoluteLinks]
	if v.AbsoluteLinksRelativeToDocs {
		absolute = "relative_to_docs"
	}
	w.line(0, "validation:")
	w.line(1, "nav:")
	w.line(2, "omitted_files: %s", levelNames[v.NavOmittedFiles])
	w.line(2, "not_found: %s", levelNames[v.NavNotFound])
	w.line(2, "absolute_links: %s", levelNames[v.NavAbsoluteLinks])
	w.line(1, "links:")
	w.line(2, "not_found: %s", levelNames[v.LinksNotFound])
	w.line(2, "anchors: %s", levelNames[v.LinksAnchors])
	w.line(2, "absolute_links: %s", absolute)
	w.line(2, "unrecognized_links: %s", levelNames[v.LinksUnrecognizedLinks])
}

// writeLevels writes extra.levels as handbook.yaml's levels.
func writeLevels(w *yamlWriter, levels []project.Level) {
	if len(levels) == 0 {
		return
	}
	w.line(0, "levels:")
	for _, l := range levels {
		w.line(1, "- id: %s", cfgtree.QuoteYAML(l.ID))
		w.str(2, "name", l.Name)
		w.str(2, "description", l.Description)
		w.str(2, "color", l.Color)
	}
}
