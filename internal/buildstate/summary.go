package buildstate

import (
	"handbook/internal/cache"
	"handbook/internal/diag"
)

// Summary is what the state keeps of a page beside its conversion: what a
// build reads of every page, so that a build that redoes few pages reads
// the conversions of those only (and of the pages their changes touch).
type Summary struct {
	ID       cache.Key // what the conversion made (ConversionID)
	Title    string    // its first H1's text (markdown.Result.Title)
	Sections int       // how many sections it has
	// HasMermaid, HasMath and TagsMarker are the conversion's flags;
	// HasDeps, that it read snippet files (its Deps).
	HasMermaid, HasMath, TagsMarker, HasDeps bool
	// Targets are the pages its links lead to (but itself), each once, by
	// their place in the state's pages.
	Targets []int
	// Diags are the conversion's problems (markdown.Result.Diags), as it
	// gave them; LinkDiags those of its links (site.CheckPageLinks), and
	// RenderDiags those rendering it gave (its page data's).
	Diags, LinkDiags, RenderDiags diag.List
	// Included and Missing are the snippet files it read and missed
	// (markdown.Result.Included, Missing).
	Included, Missing []string
}

func encodeSummary(e *cache.Enc, s *Summary) {
	e.Key(s.ID)
	e.Str(s.Title)
	e.Uint(uint64(s.Sections))
	e.Bool(s.HasMermaid)
	e.Bool(s.HasMath)
	e.Bool(s.TagsMarker)
	e.Bool(s.HasDeps)
	e.Uint(uint64(len(s.Targets)))
	for _, t := range s.Targets {
		e.Uint(uint64(t))
	}
	diag.Encode(e, s.Diags)
	diag.Encode(e, s.LinkDiags)
	diag.Encode(e, s.RenderDiags)
	e.Strs(s.Included)
	e.Strs(s.Missing)
}

// decodeSummary reads a summary of one of n pages; false when a target
// is not one of them.
func decodeSummary(d *cache.Dec, n int) (Summary, bool) {
	s := Summary{ID: d.Key(), Title: d.Str(), Sections: int(min(d.Uint(), 1<<31))}
	s.HasMermaid, s.HasMath, s.TagsMarker, s.HasDeps = d.Bool(), d.Bool(), d.Bool(), d.Bool()
	ok := true
	if k := d.Len(1); k > 0 {
		s.Targets = make([]int, k)
		for i := range s.Targets {
			t := d.Uint()
			ok = ok && t < uint64(n)
			s.Targets[i] = int(min(t, uint64(n)))
		}
	}
	s.Diags, s.LinkDiags, s.RenderDiags = diag.Decode(d), diag.Decode(d), diag.Decode(d)
	s.Included, s.Missing = d.Strs(), d.Strs()
	return s, ok
}
