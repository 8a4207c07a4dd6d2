package diag

import (
	"fmt"
	"sort"
	"strings"
)

// kinds names each code's problems in the plural, for summaries.
var kinds = map[string]string{
	"control-char":       "control characters",
	"encoding":           "invalid UTF-8 bytes",
	"broken-link":        "broken links",
	"broken-anchor":      "links to missing anchors",
	"unrecognized-link":  "unrecognized relative links",
	"absolute-link":      "absolute links left as they are",
	"nav":                "nav entries naming no page",
	"not-in-nav":         "pages not in the nav",
	"duplicate-id":       "duplicate ids",
	"front-matter-field": "unknown front-matter fields",
	"front-matter-level": "unknown levels",
	"unknown-icon":       "unknown icons",
	"config-key":         "unknown config keys",
	"front-matter-type":  "front-matter values of the wrong type",
	"mojibake":           "mojibake",
	"image-alt":          "images without alt text",
	"empty-link":         "empty links",
	"heading-skip":       "skipped heading levels",
	"snippet":            "snippet problems",
	"markdown-extension": "markdown_extensions settings",
	"config":             "config problems",
}

// singular names one problem of a code, where the plural does not do.
var singular = map[string]string{
	"control-char":       "control character",
	"encoding":           "invalid UTF-8 byte",
	"broken-link":        "broken link",
	"broken-anchor":      "link to a missing anchor",
	"unrecognized-link":  "unrecognized relative link",
	"absolute-link":      "absolute link left as it is",
	"nav":                "nav entry naming no page",
	"not-in-nav":         "page not in the nav",
	"duplicate-id":       "duplicate id",
	"front-matter-field": "unknown front-matter field",
	"front-matter-level": "unknown level",
	"unknown-icon":       "unknown icon",
	"config-key":         "unknown config key",
	"image-alt":          "image without alt text",
	"empty-link":         "empty link",
	"heading-skip":       "skipped heading level",
	"config":             "config problem",
	"snippet":            "snippet problem",
}

// Kind names a code's problems in the plural: "broken links".
func Kind(code string) string {
	if k, ok := kinds[code]; ok {
		return k
	}
	if code == "" {
		return "problems"
	}
	return code + " problems"
}

// Summarised lists l for a terminal: every error; warnings and notes one a
// line while a code has at most limit of them, else one line for the code
// ("warning: 150 control characters in 2 files (a.md, b.md)"). The order
// is l's; a summary line stands where its code's first problem was.
func (l List) Summarised(limit int) []string {
	type group struct {
		n     int
		files []string
		seen  map[string]bool
	}
	groups := map[[2]string]*group{}
	for _, d := range l {
		if d.Severity == Error {
			continue
		}
		k := [2]string{d.Severity.String(), d.Code}
		g := groups[k]
		if g == nil {
			g = &group{seen: map[string]bool{}}
			groups[k] = g
		}
		g.n += max(1, d.More) // a "N more" line stands for N problems
		if !g.seen[d.Path] {
			g.seen[d.Path] = true
			g.files = append(g.files, d.Path)
		}
	}
	var out []string
	done := map[[2]string]bool{}
	for _, d := range l {
		k := [2]string{d.Severity.String(), d.Code}
		g := groups[k]
		if d.Severity == Error || g.n <= limit {
			out = append(out, d.String())
			continue
		}
		if done[k] {
			continue
		}
		done[k] = true
		out = append(out, fmt.Sprintf("%s: %d %s in %s", d.Severity, g.n, Kind(d.Code), files(g.files)))
	}
	return out
}

// files names up to three files: "2 files (a.md, b.md)", "docs/a.md".
func files(paths []string) string {
	sort.Strings(paths)
	if len(paths) == 1 {
		if paths[0] == "" {
			return "the project"
		}
		return paths[0]
	}
	shown := paths[:min(3, len(paths))]
	more := ""
	if len(paths) > 3 {
		more = fmt.Sprintf(" and %d more", len(paths)-3)
	}
	return fmt.Sprintf("%d files (%s%s)", len(paths), strings.Join(shown, ", "), more)
}

// Count is how many problems l stands for: a "N more" line (see Bound)
// counts N.
func (l List) Count() int {
	n := 0
	for _, d := range l {
		n += max(1, d.More)
	}
	return n
}

// CountByKind says how many problems of each code l has, most first:
// "4 broken links, 3 links to missing anchors".
func CountByKind(l List) string {
	count := map[string]int{}
	var codes []string
	for _, d := range l {
		if count[d.Code] == 0 {
			codes = append(codes, d.Code)
		}
		count[d.Code] += max(1, d.More) // a "N more" line stands for N problems
	}
	sort.SliceStable(codes, func(i, j int) bool { return count[codes[i]] > count[codes[j]] })
	parts := make([]string, len(codes))
	for i, c := range codes {
		kind := Kind(c)
		if one, ok := singular[c]; ok && count[c] == 1 {
			kind = one
		}
		parts[i] = fmt.Sprintf("%d %s", count[c], kind)
	}
	return strings.Join(parts, ", ")
}
