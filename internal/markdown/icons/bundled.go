// Package icons is every icon Material for MkDocs bundles, and Zensical's
// lucide set, by the names Material gives them: material/heart (or
// material-heart, the shortcode form), octicons/heart-16,
// fontawesome/brands/github, simple/python, lucide/house. A Library adds a
// project's own sets (custom_dir/.icons/NAME/*.svg) in front of them.
//
// The sets are vendored by internal/markdown/icons/vendor-icons from pinned npm packages
// into data/ (see data/VERSIONS and the licence file beside each set) and
// embedded compressed: loading the package costs nothing, the first lookup
// in a set reads its index, and an icon's chunk is decompressed the first
// time one of its icons is used. Everything is safe for concurrent use.
//
// The package is also a goldmark extension for icon shortcodes
// (:material-heart:), rendered as Material renders them:
// <span class="twemoji"><svg …></svg></span>.
package icons

import (
	"embed"
	"io/fs"
	"strings"

	"handbook/internal/markdown/icons/iconpack"
)

var (
	//go:embed data/material/icons.pack
	materialPack string
	//go:embed data/octicons/icons.pack
	octiconsPack string
	//go:embed data/fontawesome/icons.pack
	fontawesomePack string
	//go:embed data/simple/icons.pack
	simplePack string
	//go:embed data/lucide/icons.pack
	lucidePack string

	//go:embed data/theme/logo.svg
	materialLogo string

	//go:embed data/VERSIONS data/*/LICENSE* data/simple/DISCLAIMER.md data/theme/copyright
	notices embed.FS
)

// themeIcons are the icons at the top of Material's own .icons folder,
// outside any set: logo is Material for MkDocs' logo (theme.icon.logo:
// logo). Material inlines it as the file is.
var themeIcons = map[string]string{"logo": strings.TrimSpace(materialLogo)}

type bundledSet struct {
	name string
	pack *iconpack.Pack
}

// bundled are the sets in the order a name is tried; no set name is a
// prefix of another's, so at most one matches.
var bundled = []bundledSet{
	{"material", iconpack.New(materialPack)},
	{"octicons", iconpack.New(octiconsPack)},
	{"fontawesome", iconpack.New(fontawesomePack)},
	{"simple", iconpack.New(simplePack)},
	{"lucide", iconpack.New(lucidePack)},
}

// Sets returns the names of the bundled sets.
func Sets() []string {
	names := make([]string, len(bundled))
	for i, s := range bundled {
		names[i] = s.name
	}
	return names
}

// SetNames returns the names of a bundled set's icons, without the set's
// prefix, sorted (nil for an unknown set). Do not modify the slice.
func SetNames(set string) []string {
	for _, s := range bundled {
		if s.name == set {
			return s.pack.Names()
		}
	}
	return nil
}

// Notices returns the vendored sets' VERSIONS file and licence files
// (data/VERSIONS, data/SET/LICENSE…, data/theme/copyright).
func Notices() fs.FS { return notices }

// Normalize turns any accepted spelling of an icon name into the shortcode
// form: material/heart and material-heart are both material-heart.
func Normalize(name string) string { return strings.ReplaceAll(name, "/", "-") }

// Lookup returns the SVG of a bundled icon, by name in either form
// (material/heart or material-heart). The string is shared and immutable.
func Lookup(name string) (string, bool) {
	name = Normalize(name)
	if svg, ok := themeIcons[name]; ok {
		return svg, true
	}
	set, rest := bundledSetOf(name)
	if set == nil {
		return "", false
	}
	return set.pack.Lookup(rest)
}

// bundledSetOf splits a normalized name into its bundled set and the
// icon's name within it.
func bundledSetOf(name string) (*bundledSet, string) {
	for i := range bundled {
		s := &bundled[i]
		if len(name) > len(s.name)+1 && name[len(s.name)] == '-' && strings.HasPrefix(name, s.name) {
			return s, name[len(s.name)+1:]
		}
	}
	return nil, ""
}

// DataURI returns an SVG as a data: URI for CSS, as Material sets
// theme.icon.admonition icons (mask-image: url("…")): every byte that
// could end the URL or the CSS string, or that is not plain ASCII, is
// percent-encoded, so the result is safe inside url("…") and decodes to
// the SVG unchanged.
func DataURI(svg string) string {
	const prefix = "data:image/svg+xml;charset=utf-8,"
	var b strings.Builder
	b.Grow(len(prefix) + len(svg) + len(svg)/8)
	b.WriteString(prefix)
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(svg); i++ {
		c := svg[i]
		if c > ' ' && c < 0x7f && !strings.ContainsRune(`"%#<>\{}|^`+"`"+`[]`, rune(c)) || c == ' ' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
