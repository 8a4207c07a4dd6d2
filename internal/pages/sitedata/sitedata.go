// Package sitedata is what every page shows of the site, read once from
// the project's config: its title and levels, and what the theme settings
// change (features, palette, fonts, logo, favicon, icons, social links,
// consent, custom_dir's announce and extrahead blocks).
package sitedata

import (
	"fmt"
	"html"
	"html/template"
	"regexp"
	"slices"
	"strings"

	"handbook/internal/diag"
	"handbook/internal/markdown/icons"
	"handbook/internal/project"
	"handbook/internal/render"
	"handbook/internal/themecfg"
)

// The backgrounds links sit on in handbook's light and dark themes (the
// softer ones, the nav's, where contrast is least).
const lightBackground, darkBackground = "#f6f8fa", "#161b22"

// The font stacks a named family goes in front of (10-base.css's).
const (
	textStack = `system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif`
	codeStack = `ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace`
)

// New is what every page shows of the site: its title and levels, and
// what the theme settings change (features, palette, fonts, logo,
// favicon, social links, consent). Icons are looked up in lib; an icon
// that exists nowhere is a warning naming the setting.
func New(cfg *project.Config, lib *icons.Library) (render.SiteData, diag.List) {
	theme, diags := themecfg.Read(cfg)
	t := &theme
	d := render.SiteData{
		Title: cfg.Title, Description: cfg.Description, Lang: cfg.Language,
		RepoURL: cfg.RepoURL, RepoName: cfg.RepoName, Copyright: cfg.Copyright,
		ExtraCSS: cfg.ExtraCSS, ExtraJS: cfg.ExtraJS, Accent: render.ReadableAccent(cfg.Palette.Primary),
		Features: t.Features, Logo: t.Logo, Favicon: t.Favicon,
	}
	for _, l := range cfg.Levels {
		colour, ink := render.BadgeColours(l.Color)
		d.Levels = append(d.Levels, render.LevelData{ID: l.ID, Name: l.Name, Description: l.Description, Color: colour, Ink: ink})
	}
	if cfg.Plugins.Glightbox { // the plugin's switch, for the theme's script
		t.Features["glightbox"] = true
	}
	names := make([]string, 0, len(t.Features))
	for name, on := range t.Features {
		if on {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	d.FeatureList = strings.Join(names, " ")
	d.CopyrightHTML = template.HTML(html.EscapeString(cfg.Copyright))
	if cfg.Format != project.FormatHandbook {
		d.CopyrightHTML = template.HTML(cfg.Copyright) // MkDocs' copyright is HTML, written by the site's authors
	}
	warned := map[string]bool{} // theme.icon.repo is looked up for the header and with every theme.icon setting
	icon := func(setting, name string) template.HTML {
		if name == "" {
			return ""
		}
		svg, err := lib.Resolve(name)
		if err != nil {
			if !warned[setting+"\x00"+name] {
				warned[setting+"\x00"+name] = true
				diags.Warnf(cfg.Path, 0, 0, "icon", "%s: %v", setting, err)
			}
			return ""
		}
		return template.HTML(svg)
	}
	d.LogoSVG = icon("theme.icon.logo", t.LogoIcon)
	d.RepoSVG = icon("theme.icon.repo", t.Icons["repo"])
	for _, s := range t.Social {
		title := s.Name
		if title == "" {
			title = socialTitle(s.Link)
		}
		d.Social = append(d.Social, render.SocialLink{Link: s.Link, Title: title, SVG: icon("extra.social icon", s.Icon)})
	}
	if c := t.Consent; c != nil {
		d.Consent = &render.Consent{Title: c.Title, Description: template.HTML(c.Description), Actions: c.Actions}
	}
	var css strings.Builder
	for i, s := range t.Schemes {
		kind := "light"
		switch {
		case s.Scheme == "slate":
			kind = "dark"
		case s.Scheme == "" && s.Primary == "" && s.Accent == "":
			kind = "auto"
		}
		d.Schemes = append(d.Schemes, render.Scheme{Index: i, Kind: kind, ToggleName: s.ToggleName, ToggleSVG: icon("theme.palette toggle icon", s.ToggleIcon)})
		css.WriteString(schemeCSS(i, kind, s))
	}
	css.WriteString(iconCSS(t.Icons, icon))
	if t.Font.Text != "" {
		fmt.Fprintf(&css, ":root{--hb-font:%s,%s}", cssString(t.Font.Text), textStack)
	}
	if t.Font.Code != "" {
		fmt.Fprintf(&css, ":root{--hb-mono:%s,%s}", cssString(t.Font.Code), codeStack)
	}
	d.StyleCSS = template.CSS(css.String())
	over, more := themecfg.ReadOverrides(cfg.CustomDir, cfg.Root)
	diags = append(diags, more...)
	d.Announce, d.ExtraHead = template.HTML(over.Announce), template.HTML(over.ExtraHead)
	return d, diags
}

// schemeCSS sets a scheme's colours: links in its primary colour made
// readable on its background (keeping the hue), the header in the primary
// colour with the ink that reads on it.
func schemeCSS(i int, kind string, s themecfg.Scheme) string {
	if kind == "auto" || s.Primary == "" {
		return ""
	}
	bg := lightBackground
	if kind == "dark" {
		bg = darkBackground
	}
	var b strings.Builder
	fmt.Fprintf(&b, `:root[data-hb-scheme="%d"]{`, i)
	if link := render.Readable(s.Primary, bg); link != "" {
		fmt.Fprintf(&b, "--hb-accent:%s;", link)
	}
	if fill, ink := render.BadgeColours(s.Primary); fill != "" {
		fmt.Fprintf(&b, "--hb-primary:%s;--hb-primary-ink:%s;", fill, ink)
	}
	b.WriteString("}")
	return b.String()
}

// cssString quotes a font family name for CSS.
func cssString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "<", `\3c `, "\n", " ").Replace(s) + `"`
}

// socialTitle names a social link by its host, as Material does.
func socialTitle(link string) string {
	s := link
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimPrefix(s, "www.")
}

var iconKeyRe = regexp.MustCompile(`^[a-z0-9_-]+$`)

// iconCSS sets theme.icon.admonition's icons as the admonition types'
// masks; every theme.icon setting is looked up (an unknown name is a
// warning), though handbook's theme draws the others with its own.
func iconCSS(settings map[string]string, icon func(setting, name string) template.HTML) string {
	var b strings.Builder
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		svg := icon("theme.icon."+k, settings[k])
		kind, ok := strings.CutPrefix(k, "admonition.")
		if !ok || svg == "" || !iconKeyRe.MatchString(kind) {
			continue
		}
		fmt.Fprintf(&b, `.admonition.%s,details.%s{--hb-adm-icon:url("%s")}`, kind, kind, icons.DataURI(string(svg)))
	}
	return b.String()
}
