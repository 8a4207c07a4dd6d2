// Package pathspec matches docs-relative paths against gitignore-style
// patterns, as MkDocs' exclude_docs, not_in_nav and draft_docs do (MkDocs
// uses the pathspec library's "gitwildmatch" patterns): one pattern a
// line, "#" comments, "!" to re-include, a leading "/" anchoring a
// pattern to the docs folder, a trailing "/" matching folders only, "*"
// and "**" as in .gitignore. The last matching pattern decides.
package pathspec

import (
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// Spec is a compiled list of patterns.
type Spec struct{ rules []rule }

type rule struct {
	globs  []string // doublestar patterns, any of which matches
	negate bool
}

// Parse compiles gitignore-style lines. Blank lines and comments are
// skipped; a pattern doublestar cannot read is returned in bad.
func Parse(text string) (s Spec, bad []string) {
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, " \t\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		r := rule{}
		if strings.HasPrefix(line, "!") {
			r.negate, line = true, line[1:]
		}
		line = strings.TrimPrefix(line, `\`) // "\#" and "\!" are literal
		r.globs = globs(line)
		ok := true
		for _, g := range r.globs {
			ok = ok && doublestar.ValidatePattern(g)
		}
		if !ok || len(r.globs) == 0 {
			bad = append(bad, line)
			continue
		}
		s.rules = append(s.rules, r)
	}
	return s, bad
}

// globs turns one gitignore pattern into doublestar patterns over file
// paths: a folder pattern matches everything below it.
func globs(p string) []string {
	dirOnly := strings.HasSuffix(p, "/")
	p = strings.TrimSuffix(p, "/")
	if p == "" {
		return nil
	}
	anchored := strings.Contains(p, "/") // a slash anywhere but the end anchors it
	p = strings.TrimPrefix(p, "/")
	if !anchored && !strings.HasPrefix(p, "**/") {
		p = "**/" + p
	}
	below := strings.TrimSuffix(p, "/**") + "/**"
	if dirOnly {
		return []string{below}
	}
	return []string{p, below}
}

// Match reports whether the docs-relative slash path rel is matched.
func (s Spec) Match(rel string) bool {
	rel = strings.TrimPrefix(rel, "/")
	matched := false
	for _, r := range s.rules {
		for _, g := range r.globs {
			if ok, _ := doublestar.Match(g, rel); ok {
				matched = !r.negate
				break
			}
		}
	}
	return matched
}

// Empty reports whether the spec has no pattern.
func (s Spec) Empty() bool { return len(s.rules) == 0 }
