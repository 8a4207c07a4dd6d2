package project

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

// readPalette reads theme.palette: one scheme mapping, or a list of them
// (the reader toggles through them) of which the first is the default.
// Palette keeps the first scheme's colours for what is drawn at build
// time (social cards, the web app manifest).
func (l *loader) readPalette(p *cfgtree.Node) {
	if p.IsNull() {
		return
	}
	schemes := []*cfgtree.Node{p}
	if p.Kind == cfgtree.List {
		schemes = p.Items
	}
	for _, scheme := range schemes {
		if scheme.Kind != cfgtree.Map {
			l.errorAt(scheme, "theme.palette must be a mapping (or a list of them) with scheme, primary and accent")
			return
		}
		s := Scheme{
			Media: l.optStr(scheme, "media"), Scheme: l.optStr(scheme, "scheme"),
			Primary: l.colour(scheme.Get("primary"), "primary", primaryColours),
			Accent:  l.colour(scheme.Get("accent"), "accent", accentColours),
		}
		if t := scheme.Get("toggle"); !t.IsNull() {
			s.ToggleIcon, s.ToggleName = l.optStr(t, "icon"), l.optStr(t, "name")
		}
		l.cfg.Theme.Schemes = append(l.cfg.Theme.Schemes, s)
	}
	if len(l.cfg.Theme.Schemes) > 1 {
		l.note("theme.palette has %d schemes: handbook.yaml keeps the first one's colours", len(l.cfg.Theme.Schemes))
	}
	if len(l.cfg.Theme.Schemes) > 0 {
		first := l.cfg.Theme.Schemes[0]
		for _, s := range l.cfg.Theme.Schemes { // the first with colours (a "system" entry may have none)
			if s.Primary != "" || s.Accent != "" {
				first = s
				break
			}
		}
		l.extra.Palette.Primary, l.extra.Palette.Accent = first.Primary, first.Accent
	}
}

func (l *loader) colour(v *cfgtree.Node, which string, table map[string]string) string {
	if v.IsNull() {
		return ""
	}
	name := colourName(l.str(v, "theme.palette."+which))
	if hex, ok := table[name]; ok {
		return hex
	}
	if hex, ok := primaryColours[name]; ok {
		return hex
	}
	if name == "custom" {
		l.note("theme.palette %s is \"custom\" (set in the project's own CSS): handbook's colour is used", which)
		return ""
	}
	if name != "" {
		l.warnAt(v, "mkdocs-palette", "theme.palette %s %q is not one of Material's colour names; handbook's colour is used", which, v.Text)
	}
	return ""
}
