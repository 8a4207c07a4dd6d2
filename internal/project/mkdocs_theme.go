package project

import (
	"path/filepath"
	"sort"
	"strings"

	"handbook/internal/project/cfgtree"
)

// quietThemeKeys are theme keys that change nothing a reader of a
// handbook site sees, or that handbook does on its own.
var quietThemeKeys = map[string]bool{
	"name": true, "static_templates": true, "locale": true, "direction": true, "shortcuts": true,
	"include_search_page": true, "search_index_only": true, "include_homepage_in_sidebar": true,
}

// readTheme reads theme: a name, or a mapping of Material's settings.
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
		l.errorAt(theme, "theme must be a name or a mapping")
		return
	}
	l.extra.ThemeName = l.optStr(theme, "name")
	t := &l.cfg.Theme
	for i, k := range theme.Keys {
		v := theme.Vals[i]
		switch k.Text {
		case "language":
			if lang := l.str(v, "theme.language"); lang != "" {
				l.cfg.Language = lang
			}
		case "palette":
			l.readPalette(v)
		case "custom_dir":
			l.cfg.CustomDir = filepath.FromSlash(l.str(v, "theme.custom_dir"))
		case "features":
			l.readFeatures(v)
		case "font":
			l.readFont(v)
		case "logo":
			t.Logo = strings.TrimPrefix(l.str(v, "theme.logo"), "/")
		case "favicon":
			t.Favicon = strings.TrimPrefix(l.str(v, "theme.favicon"), "/")
		case "icon":
			l.readIcons(v, "")
		default:
			if !quietThemeKeys[k.Text] {
				l.warnAt(k, "mkdocs-unsupported", "theme.%s is not supported by handbook (ignored)", k.Text)
				l.note("not carried over: theme.%s", k.Text)
			}
		}
	}
	if l.extra.ThemeName != "" && l.extra.ThemeName != "material" {
		l.note("theme %q is shown with handbook's own theme", l.extra.ThemeName)
	}
}

// readFeatures reads theme.features: those handbook honours are switched
// on, those its theme always has are accepted, others get one warning.
func (l *loader) readFeatures(list *cfgtree.Node) {
	if list.Kind != cfgtree.List {
		l.errorAt(list, "theme.features must be a list")
		return
	}
	var unknown, honoured []string
	var first *cfgtree.Node
	for _, it := range list.Items {
		name := it.Text
		switch {
		case it.Kind != cfgtree.Scalar:
			l.errorAt(it, "theme.features entries must be names")
		case Features[name] != "":
			l.cfg.Theme.Features[name] = true
			honoured = append(honoured, name)
		case BuiltInFeatures[name] != "":
		default:
			unknown = append(unknown, name)
			if first == nil {
				first = it
			}
		}
	}
	if len(honoured) > 0 {
		l.note("not carried over: theme.features %s", strings.Join(honoured, ", "))
	}
	if len(unknown) > 0 {
		l.warnAt(first, "mkdocs-unsupported", "theme.features not supported by handbook (ignored): %s", strings.Join(unknown, ", "))
	}
}

// readFont reads theme.font: false, or the text and code families.
// handbook loads no web fonts: a family is used when the reader has it.
func (l *loader) readFont(v *cfgtree.Node) {
	if v.Kind == cfgtree.Scalar {
		if l.boolean(v, "theme.font") {
			l.errorAt(v, "theme.font must be false or a mapping with text and code")
		}
		return
	}
	if v.Kind != cfgtree.Map {
		l.errorAt(v, "theme.font must be false or a mapping with text and code")
		return
	}
	f := &l.cfg.Theme.Font
	f.Text, f.Code = l.optStr(v, "text"), l.optStr(v, "code")
	var named []string
	for _, n := range []string{f.Text, f.Code} {
		if n != "" {
			named = append(named, n)
		}
	}
	if len(named) > 0 {
		l.note("theme.font %s: Google Fonts are not loaded (a site makes no request to another host); the family is used where the reader's system has it, else the system font", strings.Join(named, ", "))
	}
}

// readIcons reads theme.icon, flattening nested keys ("admonition.note").
func (l *loader) readIcons(v *cfgtree.Node, prefix string) {
	if v.Kind != cfgtree.Map {
		l.errorAt(v, "theme.icon%s must be a mapping of names to icons", strings.TrimSuffix("."+prefix, "."))
		return
	}
	for i, k := range v.Keys {
		key := prefix + k.Text
		val := v.Vals[i]
		if val.Kind == cfgtree.Map {
			l.readIcons(val, key+".")
			continue
		}
		name := l.str(val, "theme.icon."+key)
		if key == "logo" {
			l.cfg.Theme.LogoIcon = name
			continue
		}
		if l.cfg.Theme.Icons == nil {
			l.cfg.Theme.Icons = map[string]string{}
		}
		l.cfg.Theme.Icons[key] = name
	}
}

// scalarTexts lists the scalar items of a list (or the scalar itself).
func scalarTexts(n *cfgtree.Node) []string {
	switch {
	case n.IsNull():
		return nil
	case n.Kind == cfgtree.Scalar:
		return []string{n.Text}
	}
	var out []string
	for _, it := range n.Items {
		if it.Kind == cfgtree.Scalar {
			out = append(out, it.Text)
		}
	}
	return out
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
		l.errorAt(extra, "extra must be a mapping")
		return
	}
	var dropped []string
	for i, k := range extra.Keys {
		v := extra.Vals[i]
		switch k.Text {
		case allowRemoteKey:
			l.extra.AllowRemote = l.boolean(v, "extra."+allowRemoteKey)
		case "social":
			l.readSocial(v)
		case "consent":
			l.readConsent(v)
		case "analytics":
			l.note("extra.analytics is left out: a handbook site makes no request to another host")
		default:
			dropped = append(dropped, "extra."+k.Text)
		}
	}
	sort.Strings(dropped)
	if len(dropped) > 0 {
		l.note("not carried over: %s", strings.Join(dropped, ", "))
	}
}

// readSocial reads extra.social: a list of {icon, link, name}.
func (l *loader) readSocial(v *cfgtree.Node) {
	if v.Kind != cfgtree.List {
		l.errorAt(v, "extra.social must be a list of links with an icon")
		return
	}
	for _, it := range v.Items {
		s := SocialLink{Icon: l.optStr(it, "icon"), Link: l.optStr(it, "link"), Name: l.optStr(it, "name")}
		if it.Kind != cfgtree.Map || s.Link == "" {
			l.errorAt(it, "extra.social entries need a link (and an icon)")
			continue
		}
		l.cfg.Theme.Social = append(l.cfg.Theme.Social, s)
	}
	l.note("not carried over: extra.social")
}

// readConsent reads extra.consent: the consent dialog's title and text.
func (l *loader) readConsent(v *cfgtree.Node) {
	if v.Kind != cfgtree.Map {
		l.errorAt(v, "extra.consent must be a mapping with a title and a description")
		return
	}
	c := &Consent{Title: l.optStr(v, "title"), Description: l.optStr(v, "description"), Actions: scalarTexts(v.Get("actions"))}
	if len(c.Actions) == 0 {
		c.Actions = []string{"accept", "manage"}
	}
	l.cfg.Theme.Consent = c
}
