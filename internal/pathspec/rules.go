package pathspec

import (
	"regexp"
	"strings"
)

// Rules are MkDocs 1.5's exclude_docs, not_in_nav and draft_docs
// (gitignore-style patterns over docs-relative paths) and the exclude
// plugin's glob and regex options, compiled.
type Rules struct {
	Exclude, NotInNav, Draft Spec
	ExcludeGlobs             []*regexp.Regexp // fnmatch patterns: "*" crosses folders
	ExcludeRegex             []*regexp.Regexp
}

// Compile compiles the rules; what cannot be read is returned as
// messages (the pattern is ignored).
func Compile(exclude, notInNav, draft string, globs, regexes []string) (Rules, []string) {
	var r Rules
	var bad []string
	for _, x := range []struct {
		key, text string
		spec      *Spec
	}{{"exclude_docs", exclude, &r.Exclude}, {"not_in_nav", notInNav, &r.NotInNav}, {"draft_docs", draft, &r.Draft}} {
		s, b := Parse(x.text)
		for _, p := range b {
			bad = append(bad, x.key+": pattern "+quote(p)+" is not a valid pattern (ignored)")
		}
		*x.spec = s
	}
	for _, g := range globs {
		r.ExcludeGlobs = append(r.ExcludeGlobs, regexp.MustCompile(fnmatchRegexp(g)))
	}
	for _, x := range regexes {
		re, err := regexp.Compile("^(?:" + x + ")")
		if err != nil {
			bad = append(bad, "exclude: regex "+quote(x)+" cannot be read (ignored): "+err.Error())
			continue
		}
		r.ExcludeRegex = append(r.ExcludeRegex, re)
	}
	return r, bad
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

// Excluded reports whether a docs-relative file is left out of the site.
func (r *Rules) Excluded(rel string) bool {
	if r.Exclude.Match(rel) {
		return true
	}
	for _, re := range r.ExcludeGlobs {
		if re.MatchString(rel) {
			return true
		}
	}
	for _, re := range r.ExcludeRegex {
		if re.MatchString(rel) {
			return true
		}
	}
	return false
}

// IsDraft reports whether draft_docs makes a page a draft.
func (r *Rules) IsDraft(rel string) bool { return r.Draft.Match(rel) }

// IsNotInNav reports whether not_in_nav says a page is meant to be left
// out of the nav.
func (r *Rules) IsNotInNav(rel string) bool { return r.NotInNav.Match(rel) }

// fnmatchRegexp is Python's fnmatch.translate: "*" and "?" match any
// character, "/" included; [...] is a set.
func fnmatchRegexp(glob string) string {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(glob); i++ {
		switch c := glob[i]; c {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		case '[':
			j := strings.IndexByte(glob[i+1:], ']')
			if j < 0 {
				b.WriteString(`\[`)
				continue
			}
			set := glob[i+1 : i+1+j]
			if strings.HasPrefix(set, "!") {
				set = "^" + set[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(set, `\`, `\\`) + "]")
			i += j + 1
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return b.String()
}
