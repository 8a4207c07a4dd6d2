package icons

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"handbook/internal/srctree"
)

// Library is the bundled sets plus a project's own icons, which come first
// as in Material (its custom_icons paths, and custom_dir/.icons for the
// theme): a custom material/heart.svg replaces the bundled one. The nil
// *Library is the bundled sets alone. A Library is immutable, so it is safe
// for concurrent use.
type Library struct {
	custom      map[string]string // normalized name → SVG
	customPaths map[string]string // normalized name → path form (set/sub/name)
	customNames []string          // sorted
	customSets  map[string]bool   // first folder of each custom icon
	fingerprint string
}

// ForTheme loads the project's own icons from theme.custom_dir's .icons
// folder (Material's place for them): the nil Library (the bundled sets)
// when there is no custom_dir. Symbolic links into the project folder
// (projectDir) are followed, others reported (see srctree).
func ForTheme(customDir, projectDir string) (*Library, error) {
	if customDir == "" {
		return nil, nil
	}
	return load([]string{projectDir}, filepath.Join(customDir, ".icons"))
}

// Load reads every *.svg under each folder (recursively, skipping names
// starting with a dot) as a custom icon named by its path: NAME/sub/x.svg
// in a folder is NAME-sub-x, or NAME/sub/x. Folders earlier in dirs win
// over later ones, and all of them over the bundled sets. A folder that
// does not exist is skipped, as in Material; a file that cannot be read is
// an error naming it.
func Load(dirs ...string) (*Library, error) { return load(nil, dirs...) }

// load is Load with the folders links may lead into besides each folder.
func load(within []string, dirs ...string) (*Library, error) {
	l := &Library{custom: map[string]string{}, customPaths: map[string]string{}, customSets: map[string]bool{}}
	h := sha256.New()
	var errs []error
	for _, dir := range dirs {
		// Links are followed under the one rule (srctree): inside the
		// folder or within; the others are reported.
		opts := srctree.Options{Within: within, Problem: func(rel, msg string) {
			errs = append(errs, fmt.Errorf("%s: %s", filepath.Join(dir, filepath.FromSlash(rel)), msg))
		}}
		err := srctree.Walk(dir, opts, func(e srctree.Entry) error {
			if e.IsDir() || !strings.HasSuffix(e.Rel, ".svg") {
				return nil
			}
			name := Normalize(strings.TrimSuffix(e.Rel, ".svg"))
			if _, seen := l.custom[name]; seen {
				return nil
			}
			data, err := os.ReadFile(e.Path)
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			l.custom[name] = inlineSVG(data)
			l.customPaths[name] = strings.TrimSuffix(e.Rel, ".svg")
			if folder, _, nested := strings.Cut(e.Rel, "/"); nested {
				l.customSets[folder] = true
			}
			fmt.Fprintf(h, "%s\x00%d\x00%s\x00", name, len(l.custom[name]), l.custom[name])
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	for name := range l.custom {
		l.customNames = append(l.customNames, name)
	}
	sort.Strings(l.customNames)
	l.fingerprint = hex.EncodeToString(h.Sum(nil))
	return l, errors.Join(errs...)
}

// inlineSVG is a custom icon file as it goes into a page: the file as it
// is (Material inlines it verbatim) less an XML declaration or doctype,
// which mean nothing inside HTML, and surrounding whitespace.
func inlineSVG(data []byte) string {
	data = bytes.TrimSpace(data)
	for _, lead := range []string{"<?xml", "<!DOCTYPE", "<!doctype"} {
		if bytes.HasPrefix(data, []byte(lead)) {
			if end := bytes.IndexByte(data, '>'); end >= 0 {
				data = bytes.TrimSpace(data[end+1:])
			}
		}
	}
	return string(data)
}

// Lookup returns an icon's SVG by name in either form (material/heart or
// material-heart), from the custom icons first, then the bundled sets.
func (l *Library) Lookup(name string) (string, bool) {
	name = Normalize(name)
	if l != nil {
		if svg, ok := l.custom[name]; ok {
			return svg, true
		}
	}
	return Lookup(name)
}

// Has reports whether the icon exists, without decompressing it.
func (l *Library) Has(name string) bool {
	name = Normalize(name)
	if l != nil {
		if _, ok := l.custom[name]; ok {
			return true
		}
	}
	if _, ok := themeIcons[name]; ok {
		return true
	}
	set, rest := bundledSetOf(name)
	return set != nil && set.pack.Has(rest)
}

// Resolve returns an icon's SVG by name in either form, or an error for a
// name that is no icon, with the nearest names in the path form theme
// settings and front matter use: icon "material/hart" does not exist; did
// you mean material/cart, material/heart?
func (l *Library) Resolve(name string) (string, error) {
	if svg, ok := l.Lookup(name); ok {
		return svg, nil
	}
	msg := fmt.Sprintf("icon %q does not exist", name)
	if near := l.Suggest(name); len(near) > 0 {
		for i, n := range near {
			near[i] = l.PathName(n)
		}
		msg += "; did you mean " + strings.Join(near, ", ") + "?"
	}
	return "", errors.New(msg)
}

// PathName returns an existing icon's name in the path form
// (fontawesome-brands-github → fontawesome/brands/github; a custom icon as
// its file is placed), or name unchanged when it names no icon.
func (l *Library) PathName(name string) string {
	name = Normalize(name)
	if l != nil {
		if p, ok := l.customPaths[name]; ok {
			return p
		}
	}
	set, rest := bundledSetOf(name)
	if set == nil || !set.pack.Has(rest) {
		return name
	}
	if set.name == "fontawesome" {
		if style, icon, ok := strings.Cut(rest, "-"); ok {
			return set.name + "/" + style + "/" + icon
		}
	}
	return set.name + "/" + rest
}

// Fingerprint changes when the custom icons change (names or bytes): for
// caches of pages that inline them. It is "" for the nil Library.
func (l *Library) Fingerprint() string {
	if l == nil {
		return ""
	}
	return l.fingerprint
}

// CustomNames returns the custom icons' names, sorted. Do not modify it.
func (l *Library) CustomNames() []string {
	if l == nil {
		return nil
	}
	return l.customNames
}

// setOf returns the set a normalized name belongs to (a bundled set or a
// custom folder), or "" when its first part names none.
func (l *Library) setOf(name string) string {
	if s, _ := bundledSetOf(name); s != nil {
		return s.name
	}
	if l != nil {
		// Folder names may hold dashes: the longest that matches wins.
		best := ""
		for folder := range l.customSets {
			if len(folder) > len(best) && len(name) > len(folder)+1 && name[len(folder)] == '-' && strings.HasPrefix(name, folder) {
				best = folder
			}
		}
		return best
	}
	return ""
}

// namesIn returns the icons of a set, each without the set's prefix.
func (l *Library) namesIn(set string) []string {
	var names []string
	for _, s := range bundled {
		if s.name == set {
			names = append(names, s.pack.Names()...)
		}
	}
	if l != nil {
		prefix := set + "-"
		for _, n := range l.customNames {
			if rest, ok := strings.CutPrefix(n, prefix); ok {
				names = append(names, rest)
			}
		}
	}
	return names
}

// allSets lists the bundled sets, then the custom ones, sorted.
func (l *Library) allSets() []string {
	sets := Sets()
	if l != nil {
		var custom []string
		for s := range l.customSets {
			custom = append(custom, s)
		}
		sort.Strings(custom)
		sets = append(sets, custom...)
	}
	return sets
}
