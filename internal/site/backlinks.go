package site

import (
	"slices"
	"strings"
)

// Backlinks maps each page to the other pages that link to it, sorted by
// source path.
type Backlinks map[*Page][]*Page

// NewBacklinks finds the backlinks of pages whose links are refs(page).
func NewBacklinks(pages []*Page, refs func(*Page) []LinkRef) Backlinks {
	b := Backlinks{}
	for _, p := range pages {
		for _, t := range linkTargets(p, refs(p)) {
			b[t] = append(b[t], p)
		}
	}
	for _, list := range b {
		slices.SortFunc(list, bySrc)
	}
	return b
}

func bySrc(a, b *Page) int { return strings.Compare(a.Src, b.Src) }

// Relink updates b for page p's links changing from before to after, and
// returns the pages whose backlinks changed. It replaces the lists it
// changes rather than changing them (a clone of b shares them).
func (b Backlinks) Relink(p *Page, before, after []LinkRef) []*Page {
	was, is := linkTargets(p, before), linkTargets(p, after)
	var changed []*Page
	for _, t := range was {
		if !slices.Contains(is, t) {
			b[t] = slices.DeleteFunc(slices.Clone(b[t]), func(q *Page) bool { return q == p })
			if len(b[t]) == 0 {
				delete(b, t)
			}
			changed = append(changed, t)
		}
	}
	for _, t := range is {
		if !slices.Contains(was, t) {
			list := append(slices.Clone(b[t]), p)
			slices.SortFunc(list, bySrc)
			b[t] = list
			changed = append(changed, t)
		}
	}
	return changed
}

// linkTargets are the other pages p links to, each once, in link order.
// LinkTargets are the pages links refs of page p lead to (but p), each
// once, in the order they are first linked to.
func LinkTargets(p *Page, refs []LinkRef) []*Page { return linkTargets(p, refs) }

func linkTargets(p *Page, refs []LinkRef) []*Page {
	var out []*Page
	for _, r := range refs {
		if r.Target != nil && r.Target != p && !slices.Contains(out, r.Target) {
			out = append(out, r.Target)
		}
	}
	return out
}
