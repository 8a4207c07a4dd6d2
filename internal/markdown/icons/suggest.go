package icons

import (
	"sort"
	"strings"
)

// maxSuggestions is how many names a "did you mean" lists.
const maxSuggestions = 3

// IsIconName reports whether a normalized name is meant as an icon: its
// first part names a set, bundled or custom, or is one typo away from one
// (fontawsome-…), so that a mistake in it is reported rather than left
// silently as text.
func (l *Library) IsIconName(name string) bool {
	if l.setOf(name) != "" {
		return true
	}
	if l != nil {
		if _, ok := l.custom[name]; ok {
			return true
		}
	}
	return l.nearSet(name) != ""
}

// nearSet returns the set whose name the first part of name misspells.
func (l *Library) nearSet(name string) string {
	first, rest, ok := strings.Cut(name, "-")
	if !ok || rest == "" || len(first) < 5 {
		return ""
	}
	for _, set := range l.allSets() {
		limit := 1
		if len(set) >= 8 {
			limit = 2
		}
		if new(distancer).distance(first, set, limit) <= limit {
			return set
		}
	}
	return ""
}

// Suggest returns up to three existing icons whose names are nearest to
// name (in either form), in shortcode form: close spellings in the same
// set first, then the same icon in other sets (material-github →
// simple-github, fontawesome-brands-github).
func (l *Library) Suggest(name string) []string {
	name = Normalize(name)
	set := l.setOf(name)
	if set == "" {
		set = l.nearSet(name)
	}
	if set == "" {
		return nil
	}
	rest, ok := strings.CutPrefix(name, set+"-")
	if !ok { // the set's name is misspelt
		_, rest, _ = strings.Cut(name, "-")
	}

	type candidate struct {
		name string
		cost int
	}
	var found []candidate
	seen := map[string]bool{}
	add := func(full string, cost int) {
		if !seen[full] && full != name {
			seen[full] = true
			found = append(found, candidate{full, cost})
		}
	}
	// The limit follows the icon's own name, not Font Awesome's style.
	limit := typoLimit(rest)
	if _, icon, ok := strings.Cut(rest, "-"); ok && set == "fontawesome" {
		limit = typoLimit(icon)
	}
	var d distancer
	for _, n := range l.namesIn(set) {
		switch {
		case strings.HasPrefix(n, rest+"-"):
			// heart → heart-16, heart-outline: a step per added part.
			add(set+"-"+n, 1+strings.Count(n[len(rest):], "-"))
		case strings.HasSuffix(n, "-"+rest):
			// python → language-python.
			add(set+"-"+n, 1+strings.Count(n[:len(n)-len(rest)], "-"))
		default:
			if dist := d.distance(rest, n, limit); dist <= limit {
				add(set+"-"+n, dist)
			}
		}
	}
	sort.SliceStable(found, func(i, j int) bool {
		if found[i].cost != found[j].cost {
			return found[i].cost < found[j].cost
		}
		return found[i].name < found[j].name
	})
	var out []string
	for _, c := range found {
		if len(out) == maxSuggestions {
			return out
		}
		out = append(out, c.name)
	}
	// The same icon elsewhere: its name alone, or with the forms other
	// sets give names (Font Awesome styles, octicon sizes).
	for _, other := range l.allSets() {
		if other == set {
			continue
		}
		for _, form := range []string{rest, "brands-" + rest, "solid-" + rest, "regular-" + rest, rest + "-16", rest + "-24"} {
			full := other + "-" + form
			if len(out) < maxSuggestions && !seen[full] && l.Has(full) {
				seen[full] = true
				out = append(out, full)
			}
		}
	}
	return out
}

// typoLimit is the distance up to which a name is taken for a misspelling
// of another: one edit in a short name, three in a long one.
func typoLimit(s string) int {
	switch {
	case len(s) <= 5:
		return 1
	case len(s) <= 10:
		return 2
	}
	return 3
}

// distancer computes edit distances, reusing its rows.
type distancer struct{ rows [3][]int }

// distance is the optimal-string-alignment distance between a and b
// (insertions, deletions, substitutions and swaps of neighbours), or
// limit+1 as soon as it must exceed limit.
func (d *distancer) distance(a, b string, limit int) int {
	if diff := len(a) - len(b); diff > limit || -diff > limit {
		return limit + 1
	}
	for i := range d.rows {
		if cap(d.rows[i]) < len(b)+1 {
			d.rows[i] = make([]int, len(b)+1, 2*len(b)+1)
		}
		d.rows[i] = d.rows[i][:len(b)+1]
	}
	prev2, prev, cur := d.rows[0], d.rows[1], d.rows[2]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			best = min(best, v)
		}
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
