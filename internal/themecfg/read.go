package themecfg

import (
	"strings"

	"handbook/internal/diag"
	"handbook/internal/project"
	"handbook/internal/project/cfgtree"
	"handbook/internal/project/palette"
)

// quietKeys are theme keys that change nothing a reader of a handbook
// site sees, or that internal/project reads (name, language, custom_dir).
var quietKeys = map[string]bool{
	"name": true, "language": true, "custom_dir": true, "static_templates": true, "locale": true, "direction": true,
	"shortcuts": true, "include_search_page": true, "search_index_only": true, "include_homepage_in_sidebar": true,
}

// reader carries one read: the file for messages and the diagnostics.
type reader struct {
	t     Theme
	diags diag.List
	file  string // the config as messages name it
	full  string // its path as read (nodes carry it)
}

// Read reads the project's theme settings. Problems are diagnostics at
// their line: a wrong value an error, a setting handbook does not
// support a warning.
func Read(cfg *project.Config) (Theme, diag.List) {
	r := &reader{t: Theme{Features: map[string]bool{}}, file: cfg.Path}
	if cfg.Format == project.FormatHandbook && cfg.RawTheme.Get("features").IsNull() {
		// handbook's own theme, unless handbook.yaml lists theme.features
		r.t.Features = featureSet(HandbookFeatures)
	}
	if len(cfg.Files) > 0 {
		r.full = cfg.Files[0]
	}
	if th := cfg.RawTheme; th != nil && th.Kind == cfgtree.Map {
		r.theme(th)
	}
	if ex := cfg.RawExtra; ex != nil && ex.Kind == cfgtree.Map {
		if s := ex.Get("social"); !s.IsNull() {
			r.social(s)
		}
		if c := ex.Get("consent"); !c.IsNull() {
			r.consent(c)
		}
	}
	return r.t, r.diags
}

func (r *reader) at(n *cfgtree.Node) string {
	if n.File != "" && n.File != r.full {
		return n.File // a config this one INHERITs from
	}
	return r.file
}

func (r *reader) errorAt(n *cfgtree.Node, format string, args ...any) {
	r.diags.Errorf(r.at(n), n.Line, n.Col, "config", format, args...)
}

func (r *reader) str(n *cfgtree.Node, what string) string {
	if n.IsNull() {
		return ""
	}
	if n.Kind != cfgtree.Scalar {
		r.errorAt(n, "%s must be a string", what)
		return ""
	}
	return n.Text
}

func (r *reader) theme(th *cfgtree.Node) {
	for i, k := range th.Keys {
		v := th.Vals[i]
		switch k.Text {
		case "palette":
			r.palette(v)
		case "features":
			r.features(v)
		case "font":
			r.font(v)
		case "logo":
			r.t.Logo = strings.TrimPrefix(r.str(v, "theme.logo"), "/")
		case "favicon":
			r.t.Favicon = strings.TrimPrefix(r.str(v, "theme.favicon"), "/")
		case "icon":
			r.icons(v, "")
		default:
			if !quietKeys[k.Text] {
				r.diags.Warnf(r.at(k), k.Line, k.Col, "mkdocs-unsupported", "theme.%s is not supported by handbook (ignored)", k.Text)
			}
		}
	}
}

// features switches on those handbook honours, accepts those its theme
// always has, and gives the others one warning.
func (r *reader) features(list *cfgtree.Node) {
	if list.Kind != cfgtree.List {
		r.errorAt(list, "theme.features must be a list")
		return
	}
	var unknown []string
	var first *cfgtree.Node
	for _, it := range list.Items {
		switch name := it.Text; {
		case it.Kind != cfgtree.Scalar:
			r.errorAt(it, "theme.features entries must be names")
		case Features[name] != "":
			r.t.Features[name] = true
		case BuiltInFeatures[name] != "":
		default:
			unknown = append(unknown, name)
			if first == nil {
				first = it
			}
		}
	}
	if len(unknown) > 0 {
		r.diags.Warnf(r.at(first), first.Line, first.Col, "mkdocs-unsupported", "theme.features not supported by handbook (ignored): %s", strings.Join(unknown, ", "))
	}
}

// font reads theme.font: false, or the text and code families. handbook
// loads no web fonts: a family is used where the reader's system has it.
func (r *reader) font(v *cfgtree.Node) {
	switch v.Kind {
	case cfgtree.Scalar:
		if t := strings.ToLower(v.Text); t != "false" && t != "no" && t != "off" {
			r.errorAt(v, "theme.font must be false or a mapping with text and code")
		}
	case cfgtree.Map:
		r.t.Font.Text, r.t.Font.Code = r.str(v.Get("text"), "theme.font.text"), r.str(v.Get("code"), "theme.font.code")
	default:
		r.errorAt(v, "theme.font must be false or a mapping with text and code")
	}
}

// icons reads theme.icon, flattening nested keys ("admonition.note").
func (r *reader) icons(v *cfgtree.Node, prefix string) {
	if v.Kind != cfgtree.Map {
		r.errorAt(v, "theme.icon%s must be a mapping of names to icons", strings.TrimSuffix("."+prefix, "."))
		return
	}
	for i, k := range v.Keys {
		key, val := prefix+k.Text, v.Vals[i]
		if val.Kind == cfgtree.Map {
			r.icons(val, key+".")
			continue
		}
		name := r.str(val, "theme.icon."+key)
		if key == "logo" {
			r.t.LogoIcon = name
			continue
		}
		if r.t.Icons == nil {
			r.t.Icons = map[string]string{}
		}
		r.t.Icons[key] = name
	}
}

// palette reads theme.palette: one scheme, or a list the reader toggles
// through (the first is the default).
func (r *reader) palette(p *cfgtree.Node) {
	schemes, bad := palette.Schemes(p)
	for _, n := range schemes {
		s := Scheme{Media: r.str(n.Get("media"), "theme.palette.media"), Scheme: r.str(n.Get("scheme"), "theme.palette.scheme")}
		s.Primary, _ = palette.Colour(n.Get("primary").TextOr(""), false)
		s.Accent, _ = palette.Colour(n.Get("accent").TextOr(""), true)
		if t := n.Get("toggle"); !t.IsNull() {
			s.ToggleIcon, s.ToggleName = r.str(t.Get("icon"), "theme.palette.toggle.icon"), r.str(t.Get("name"), "theme.palette.toggle.name")
		}
		r.t.Schemes = append(r.t.Schemes, s)
	}
	if bad != nil {
		r.errorAt(bad, palette.NotAMapping)
	}
}

// social reads extra.social: a list of {icon, link, name}.
func (r *reader) social(v *cfgtree.Node) {
	if v.Kind != cfgtree.List {
		r.errorAt(v, "extra.social must be a list of links with an icon")
		return
	}
	for _, it := range v.Items {
		s := SocialLink{Icon: it.Get("icon").TextOr(""), Link: it.Get("link").TextOr(""), Name: it.Get("name").TextOr("")}
		if it.Kind != cfgtree.Map || s.Link == "" {
			r.errorAt(it, "extra.social entries need a link (and an icon)")
			continue
		}
		r.t.Social = append(r.t.Social, s)
	}
}

// consent reads extra.consent: the consent dialog's title and text.
func (r *reader) consent(v *cfgtree.Node) {
	if v.Kind != cfgtree.Map {
		r.errorAt(v, "extra.consent must be a mapping with a title and a description")
		return
	}
	c := &Consent{Title: v.Get("title").TextOr(""), Description: v.Get("description").TextOr("")}
	if a := v.Get("actions"); !a.IsNull() {
		for _, it := range a.Items {
			c.Actions = append(c.Actions, it.Text)
		}
	}
	if len(c.Actions) == 0 {
		c.Actions = []string{"accept", "manage"}
	}
	r.t.Consent = c
}
