// Package lint holds the content checks that `handbook check` adds to what
// every build validates: heading structure, empty links, images without alt
// text, pages missing from the nav, and mojibake.
package lint

import (
	"fmt"

	"handbook/internal/build"
	"handbook/internal/diag"
	"handbook/internal/markdown"
	"handbook/internal/mojibake"
	"handbook/internal/site"
)

// Check returns the lint findings for a finished build.
func Check(r *build.Result) diag.List {
	var out diag.List
	s := r.Site
	if s == nil {
		return nil
	}
	inNav := map[*site.Page]bool{}
	if r.Nav != nil {
		r.Nav.Walk(func(n *site.NavNode) {
			if n.Page != nil {
				inNav[n.Page] = true
			}
		})
	}
	for _, p := range s.Pages {
		shown := s.Display(p)
		res := r.Converted[p]
		if res == nil {
			continue
		}
		out = append(out, headingLevels(shown, p, res.Headings)...)
		for _, l := range res.Links {
			line := l.Line + p.BodyLine
			switch {
			case l.NoAlt:
				out.Warnf(shown, line, l.Col, "image-alt", "image %q has no alt text", l.Dest)
			case l.Dest == "" && l.Kind != markdown.LinkHTML:
				out.Warnf(shown, line, l.Col, "empty-link", "link with an empty destination")
			case l.Empty:
				out.Warnf(shown, line, l.Col, "empty-link", "link %q has no text", l.Dest)
			}
		}
		if len(s.Config.Nav) > 0 && !inNav[p] {
			out.Warnf(shown, 1, 1, "not-in-nav", "page is not reachable from the nav in %s", s.Config.Path)
		}
		for _, f := range mojibake.Scan(p.Source) {
			out.Warnf(shown, f.Line, f.Col, "mojibake", "mojibake %q should read %q (UTF-8 read as %s; run handbook fix)", f.Bad, f.Fixed, f.Encoding)
		}
	}
	return out
}

// headingLevels reports headings that skip a rank (an h2 followed by an h4).
// The page title counts as the h1 when the page has none of its own.
func headingLevels(shown string, p *site.Page, hs []markdown.Heading) diag.List {
	var out diag.List
	prev := 1
	for _, h := range hs {
		if h.Rank > prev+1 {
			out.Warnf(shown, h.Line+p.BodyLine, 1, "heading-skip", "heading level skipped: h%d after h%d (%q)", h.Rank, prev, truncate(h.Text))
		}
		prev = h.Rank
	}
	return out
}

func truncate(s string) string {
	if len(s) > 60 {
		return fmt.Sprintf("%.57s...", s)
	}
	return s
}
