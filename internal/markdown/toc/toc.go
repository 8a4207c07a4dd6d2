// Package toc holds Python-Markdown's toc options as MkDocs projects set
// them: permalinks (on, or a symbol) and their title, toc_depth (a number
// or a range such as "2-4"), the table of contents' title, and slugify
// (Python-Markdown's own, or pymdownx.slugs.slugify with its keywords),
// so heading ids match what MkDocs gives.
package toc

import (
	"fmt"
	"strconv"
	"strings"
)

// Options are toc's options.
type Options struct {
	// Permalink adds a link to each heading; Symbol is its text (default "¶").
	Permalink bool
	Symbol    string
	// PermalinkTitle is the link's title attribute (default "Permanent link").
	PermalinkTitle string
	// Top and Bottom are the heading ranks listed in the table of contents
	// (default 1 to 6).
	Top, Bottom int
	// Title heads the table of contents ("" keeps the theme's own).
	Title string
	// Slugify makes heading ids (default Default); Separator joins words
	// (default "-").
	Slugify   Slugify
	Separator string
}

// WithDefaults fills in the defaults.
func (o Options) WithDefaults() Options {
	if o.Symbol == "" {
		o.Symbol = "¶"
	}
	if o.PermalinkTitle == "" {
		o.PermalinkTitle = "Permanent link"
	}
	if o.Top == 0 {
		o.Top = 1
	}
	if o.Bottom == 0 {
		o.Bottom = 6
	}
	if o.Slugify == nil {
		o.Slugify = Default
	}
	if o.Separator == "" {
		o.Separator = "-"
	}
	return o
}

// ID is the heading id for text.
func (o Options) ID(text string) string {
	o = o.WithDefaults()
	return o.Slugify(text, o.Separator)
}

// Listed reports whether a heading of the rank appears in the table of
// contents.
func (o Options) Listed(rank int) bool {
	o = o.WithDefaults()
	return rank >= o.Top && rank <= o.Bottom
}

// ParseDepth reads toc_depth: "N" lists ranks 1 to N, "A-B" ranks A to B.
func ParseDepth(s string) (top, bottom int, err error) {
	s = strings.TrimSpace(s)
	lo, hi, isRange := strings.Cut(s, "-")
	if !isRange {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return 0, 0, fmt.Errorf("toc_depth must be a number or a range like \"2-4\", not %q", s)
		}
		return 1, n, nil
	}
	a, err1 := strconv.Atoi(strings.TrimSpace(lo))
	b, err2 := strconv.Atoi(strings.TrimSpace(hi))
	if err1 != nil || err2 != nil || a < 1 || b < a || b > 6 {
		return 0, 0, fmt.Errorf("toc_depth must be a number or a range like \"2-4\", not %q", s)
	}
	return a, b, nil
}
