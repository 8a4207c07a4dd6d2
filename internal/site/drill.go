package site

import (
	"strings"

	"handbook/internal/diag"
	"handbook/internal/project"
)

// canonicalLevel returns the configured spelling of a level id.
func canonicalLevel(id string, levels []project.Level) string {
	for _, l := range levels {
		if strings.EqualFold(l.ID, id) {
			return l.ID
		}
	}
	return id
}

// DrillSource resolves the drill's source, a link relative to page p, to a
// page. It reports a diagnostic at the front matter when it does not.
func (s *Site) DrillSource(p *Page) (*Page, diag.List) {
	var diags diag.List
	spec := p.FM.Drill
	if spec == nil {
		return nil, nil
	}
	l := &Linker{site: s, page: p}
	ref := LinkRef{Dest: spec.Source}
	l.resolve(&ref)
	switch {
	case ref.Problem != "":
		diags.Errorf(s.display(p.Src), spec.Line, spec.Col, "front-matter-drill", "drill source %q: %s", spec.Source, ref.Problem)
	case ref.Target == nil:
		diags.Errorf(s.display(p.Src), spec.Line, spec.Col, "front-matter-drill", "drill source %q is not a page", spec.Source)
	case ref.Target == p:
		diags.Errorf(s.display(p.Src), spec.Line, spec.Col, "front-matter-drill", "a drill cannot take its questions from itself")
	default:
		return ref.Target, nil
	}
	return nil, diags
}
