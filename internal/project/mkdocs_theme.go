package project

import (
	"path/filepath"
	"sort"
	"strings"

	"handbook/internal/project/cfgtree"
	"handbook/internal/project/palette"
)

// readTheme reads theme: a name, or a mapping. The project keeps the
// name, language, custom_dir and palette colours; internal/themecfg reads
// the settings readers see from RawTheme. The import report notes what
// handbook.yaml cannot hold.
func (l *loader) readTheme(theme *cfgtree.Node) {
	if theme.IsNull() {
		l.extra.ThemeName = "mkdocs"
		return
	}
	if theme.Kind == cfgtree.Scalar {
		l.extra.ThemeName = theme.Text
		return
	}
	if theme.Kind != cfgtree.Map {
		l.ErrorAt(theme, "theme must be a name or a mapping")
		return
	}
	l.extra.ThemeName = l.OptStr(theme, "name")
	for i, k := range theme.Keys {
		v := theme.Vals[i]
		switch k.Text {
		case "name":
		case "language":
			if lang := l.Str(v, "theme.language"); lang != "" {
				l.cfg.Language = lang
			}
		case "palette":
			if primary, accent := palette.Read(&l.Reader, v); primary != "" || accent != "" {
				l.extra.Palette.Primary, l.extra.Palette.Accent = primary, accent
			}
		case "custom_dir":
			l.cfg.CustomDir = filepath.FromSlash(l.Str(v, "theme.custom_dir"))
		case "features", "font", "logo", "favicon", "icon":
			// carried over as written; internal/themecfg reads them
		default:
			l.Note("not carried over: theme.%s", k.Text)
		}
	}
	if l.extra.ThemeName != "" && l.extra.ThemeName != "material" {
		l.Note("theme %q is shown with handbook's own theme", l.extra.ThemeName)
	}
}

// allowRemoteKey in mkdocs.yml's extra mapping lets extra_css and
// extra_javascript name assets on other hosts.
const allowRemoteKey = "handbook_allow_remote_assets"

// readExtraMapping reads the extra keys handbook's theme shows (social,
// consent); extra.analytics is left out, as a site makes no request to
// another host. Other keys are free for a project's own templates.
func (l *loader) readExtraMapping(extra *cfgtree.Node) {
	if extra.IsNull() {
		return
	}
	if extra.Kind != cfgtree.Map {
		l.ErrorAt(extra, "extra must be a mapping")
		return
	}
	var dropped []string
	for i, k := range extra.Keys {
		v := extra.Vals[i]
		switch k.Text {
		case allowRemoteKey:
			l.extra.AllowRemote = l.Bool(v, "extra."+allowRemoteKey)
		case "social", "consent":
			// shown by the theme (internal/themecfg), carried over as written
		case "levels":
			l.cfg.Levels = l.levels(v)
		case "status":
			l.cfg.StatusTitles = l.statusTitles(v)
		case "security":
			// handbook's own: extra: {security: {raw_html: false}} (SECURITY.md)
			if v.Kind != cfgtree.Map {
				dropped = append(dropped, "extra."+k.Text)
			} else if raw := v.Get("raw_html"); !raw.IsNull() {
				on := l.Bool(raw, "extra.security.raw_html")
				l.cfg.Security.RawHTML = &on
			}
		case "nav_list_limit":
			// handbook's own: nav lists longer than this show a window of their entries
			l.cfg.NavListLimit = navLimit(&l.Reader, v, "extra.nav_list_limit")
		case "analytics":
			l.Note("extra.analytics is left out: a handbook site makes no request to another host")
		default:
			dropped = append(dropped, "extra."+k.Text)
		}
	}
	sort.Strings(dropped)
	if len(dropped) > 0 {
		l.Note("not carried over: %s", strings.Join(dropped, ", "))
	}
}
