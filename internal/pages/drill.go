package pages

import (
	"html/template"
	"slices"
	"strings"

	"handbook/internal/diag"
	"handbook/internal/drill"
	"handbook/internal/markdown"
	"handbook/internal/render"
	"handbook/internal/site"
	"handbook/internal/site/frontmatter"
	"handbook/internal/urlpath"
)

// drillIDPrefix keeps the ids of a drill's cards apart from the page's own.
const drillIDPrefix = "hb-drill-"

// CheckDrills resolves the source of every drill page and warns about a
// drill that finds no question. It returns each drill page's source.
func CheckDrills(s *site.Site, converted func(*site.Page) *markdown.Result) (map[*site.Page]*site.Page, diag.List) {
	var diags diag.List
	sources := map[*site.Page]*site.Page{}
	for _, p := range s.Pages {
		spec := p.FM.Drill
		if spec == nil {
			continue
		}
		src, d := s.DrillSource(p)
		diags = append(diags, d...)
		if src == nil {
			continue
		}
		sources[p] = src
		if len(drillQuestions(src, converted(src), spec)) == 0 {
			what := "no heading of rank " + string(rune('0'+spec.Rank))
			if spec.Level != "" {
				what += " for level " + spec.Level
			}
			diags.Warnf(s.Display(p), spec.Line, spec.Col, "drill-empty", "the drill finds no question: %s in %s", what, s.Display(src))
		}
	}
	return sources, diags
}

// drillQuestions are the source's headings of the drill's rank that are
// for the drill's level: tagged with it, or untagged on a page for it.
func drillQuestions(src *site.Page, res *markdown.Result, spec *frontmatter.DrillSpec) []drill.Question {
	if res == nil {
		return nil
	}
	levels := make(map[int][]string, len(res.Sections))
	for _, sec := range res.Sections {
		if sec.Heading >= 0 {
			levels[sec.Heading] = sec.Levels
		}
	}
	var out []drill.Question
	group := ""
	for i, h := range res.Headings {
		if h.Rank < spec.Rank {
			group = h.Text
			if h.Rank == 1 {
				group = ""
			}
			continue
		}
		if h.Rank != spec.Rank {
			continue
		}
		ls := levels[i]
		if len(ls) == 0 {
			ls = src.Levels
		}
		if spec.Level != "" && len(ls) > 0 && !slices.Contains(ls, spec.Level) {
			continue
		}
		out = append(out, drill.Question{ID: h.ID, Levels: ls, Group: group})
	}
	return out
}

// Drills cuts the cards of every drill page (sources maps each to the
// page its questions come from) from its source's HTML. It runs before
// the pages render, since rendering lets go of the HTML.
func (s *Site) Drills(sources map[*site.Page]*site.Page) (map[*site.Page]*render.DrillData, diag.List) {
	var diags diag.List
	drills := map[*site.Page]*render.DrillData{}
	for p, src := range sources {
		res := s.full(src)
		if res == nil {
			continue
		}
		spec := p.FM.Drill
		data := &render.DrillData{
			Source: urlpath.Rel(p.URL, src.URL), SourceTitle: src.Title,
			Level: spec.Level, Minutes: spec.Minutes, Reveal: spec.Reveal,
		}
		cards, err := drill.Cut(s.html(src), drillQuestions(src, res, spec), drill.Options{
			Rank: spec.Rank, Reveal: spec.Reveal, IDPrefix: drillIDPrefix, Rebase: drill.Rebase(src.URL, p.URL),
		})
		if err != nil {
			diags.Errorf(s.Site.Display(p), spec.Line, spec.Col, "drill", "cannot cut the questions of %s: %v", s.Site.Display(src), err)
			continue
		}
		for _, c := range cards {
			data.Cards = append(data.Cards, render.DrillCard{
				ID: c.ID, Group: c.Group, Levels: strings.Join(c.Levels, " "),
				Title: template.HTML(c.Title), Body: template.HTML(c.Body), Answer: template.HTML(c.Answer),
			})
		}
		drills[p] = data
	}
	return drills, diags
}

// DrillsShowing returns the drill pages whose cards come from page p.
func DrillsShowing(sources map[*site.Page]*site.Page, p *site.Page) []*site.Page {
	var out []*site.Page
	for d, src := range sources {
		if src == p {
			out = append(out, d)
		}
	}
	return out
}
