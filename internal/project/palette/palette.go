// Package palette is Material for MkDocs' colour names ("indigo",
// "Deep Purple") as CSS colours, and theme.palette's colours read from a
// config tree in mkdocs.yml's shape.
package palette

import (
	"strings"

	"handbook/internal/project/cfgtree"
)

// primaryColours are Material for MkDocs' primary colours by name
// (--md-primary-fg-color of each data-md-color-primary).
var primaryColours = map[string]string{
	"red": "#ef5552", "pink": "#e92063", "purple": "#ab47bd", "deep-purple": "#7e56c2",
	"indigo": "#4051b5", "blue": "#2094f3", "light-blue": "#02a6f2", "cyan": "#00bdd6",
	"teal": "#009485", "green": "#4cae4f", "light-green": "#8bc34b", "lime": "#cbdc38",
	"yellow": "#ffec3d", "amber": "#ffc105", "orange": "#ffa724", "deep-orange": "#ff6e42",
	"brown": "#795649", "grey": "#757575", "blue-grey": "#546d78", "black": "#000000",
	"white": "#ffffff",
}

// accentColours are Material's accent colours (--md-accent-fg-color); the
// names Material has no accent for fall back to the primary table.
var accentColours = map[string]string{
	"red": "#ff1947", "pink": "#f50056", "purple": "#df41fb", "deep-purple": "#7c4dff",
	"indigo": "#526cfe", "blue": "#4287ff", "light-blue": "#0091eb", "cyan": "#00bad6",
	"teal": "#00bda4", "green": "#00c753", "light-green": "#63de17", "lime": "#b0eb00",
	"yellow": "#ffd500", "amber": "#ffaa00", "orange": "#ff9100", "deep-orange": "#ff6e42",
}

// colourName normalises a palette name the way Material's templates do:
// "Deep Purple" → "deep-purple".
func colourName(s string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", "-"))
}

// Read reads theme.palette's colours for what is drawn at build time
// (social cards, the web app manifest) and handbook.yaml: those of the
// first scheme that names any (a "follow the system" entry may have none),
// as CSS colours, "" where none is given. internal/themecfg reads every
// scheme for the reader's toggle.
func Read(r *cfgtree.Reader, p *cfgtree.Node) (primary, accent string) {
	if p.IsNull() {
		return "", ""
	}
	schemes, bad := Schemes(p)
	for _, scheme := range schemes {
		primary, accent = colour(r, scheme.Get("primary"), "primary", primaryColours), colour(r, scheme.Get("accent"), "accent", accentColours)
		if primary != "" || accent != "" {
			return primary, accent
		}
	}
	if bad != nil {
		r.ErrorAt(bad, NotAMapping)
	}
	return "", ""
}

// NotAMapping is the error at a theme.palette entry that is not a mapping.
const NotAMapping = "theme.palette must be a mapping (or a list of them) with scheme, primary and accent"

// Schemes returns theme.palette's schemes (p itself, or the items of a
// list of them) up to the first entry that is not a mapping, and that
// entry (nil when every one is a mapping).
func Schemes(p *cfgtree.Node) (schemes []*cfgtree.Node, bad *cfgtree.Node) {
	all := []*cfgtree.Node{p}
	if p.Kind == cfgtree.List {
		all = p.Items
	}
	for i, n := range all {
		if n.Kind != cfgtree.Map {
			return all[:i], n
		}
	}
	return all, nil
}

// Colour is the CSS colour of one of Material's colour names ("indigo",
// "Deep Purple") as a primary colour, or as an accent one.
func Colour(name string, accent bool) (string, bool) {
	name = colourName(name)
	if accent {
		if hex, ok := accentColours[name]; ok {
			return hex, true
		}
	}
	hex, ok := primaryColours[name]
	return hex, ok
}

// colour reads one scheme's primary or accent colour name.
func colour(r *cfgtree.Reader, v *cfgtree.Node, which string, table map[string]string) string {
	if v.IsNull() {
		return ""
	}
	name := colourName(r.Str(v, "theme.palette."+which))
	if hex, ok := table[name]; ok {
		return hex
	}
	if hex, ok := primaryColours[name]; ok {
		return hex
	}
	if name == "custom" {
		r.Note("theme.palette %s is \"custom\" (set in the project's own CSS): handbook's colour is used", which)
		return ""
	}
	if name != "" {
		r.WarnAt(v, "mkdocs-palette", "theme.palette %s %q is not one of Material's colour names; handbook's colour is used", which, v.Text)
	}
	return ""
}
