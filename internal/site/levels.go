package site

import (
	"fmt"
	"sort"
	"strings"

	"handbook/internal/diag"
	"handbook/internal/project"
)

// decideLevels makes levels opt-in: a project that configures none (levels
// in handbook.yaml, extra.levels in mkdocs.yml) has none, unless a page
// names levels in its front matter; then handbook's default levels apply.
// A site without levels has no switcher, badges, level pages or inference.
func (s *Site) decideLevels() {
	if len(s.Config.Levels) > 0 {
		return
	}
	for _, p := range s.Pages {
		if p.FM.HasLevels || p.FM.Drill != nil && p.FM.Drill.Level != "" {
			s.Config.Levels = project.DefaultLevelList()
			return
		}
	}
}

// finishLevels checks a page's level ids against the site's levels and
// sets its levels (and its drill's) to their configured spelling.
func (s *Site) finishLevels(p *Page) diag.List {
	var diags diag.List
	mkdocs := s.Config.Format != project.FormatHandbook
	if p.FM.HasLevels {
		where := p.FM.LevelFile
		if where == "" {
			where = s.Display(p)
		}
		diags = append(diags, checkLevels(where, p.FM.LevelLine, p.FM.LevelCol, p.FM.Levels, s.Config.Levels, mkdocs)...)
	}
	p.Levels = canonicalLevels(p.FM.Levels, s.Config)
	if d := p.FM.Drill; d != nil && d.Level != "" {
		diags = append(diags, checkLevels(s.Display(p), d.LevelLine, d.LevelCol, []string{d.Level}, s.Config.Levels, mkdocs)...)
		d.Level = canonicalLevel(d.Level, s.Config.Levels)
	}
	return diags
}

// HasLevels reports whether the site has levels (see decideLevels).
func (s *Site) HasLevels() bool { return len(s.Config.Levels) > 0 }

// checkLevels reports level ids that are not configured: errors in a
// handbook.yaml project, warnings in an MkDocs one (whose pages build all
// the same).
func checkLevels(path string, line, col int, got []string, levels []project.Level, mkdocs bool) diag.List {
	var diags diag.List
	var ids []string
	for _, l := range levels {
		ids = append(ids, l.ID)
	}
	sort.Strings(ids)
	for _, g := range got {
		found := false
		for _, l := range levels {
			if strings.EqualFold(l.ID, g) {
				found = true
			}
		}
		if !found {
			msg := fmt.Sprintf("unknown level %q (configured levels: %s)", g, strings.Join(ids, ", "))
			if mkdocs {
				diags.Warnf(path, line, col, "front-matter-level", "%s", msg)
			} else {
				diags.Errorf(path, line, col, "front-matter-level", "%s", msg)
			}
		}
	}
	return diags
}
