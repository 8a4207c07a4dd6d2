package site

import (
	"os"
	"path"
	"slices"
	"sort"
	"strings"

	"handbook/internal/diag"
	"handbook/internal/project"
)

// MetaFile is the name of the files whose keys apply to every page in
// their folder and below, as Material's meta plugin reads them.
const MetaFile = ".meta.yml"

// metaFile is one read .meta.yml: its folder (content-relative, "" for
// the root) and its keys.
type metaFile struct {
	dir string
	fm  FrontMatter
}

// readMeta reads the .meta.yml files found (content-relative paths) of an
// MkDocs or Zensical project, shallowest first, and returns a key of their
// contents for the load cache.
func (s *Site) readMeta(contentDir string, rels []string) (string, diag.List) {
	var diags diag.List
	var key strings.Builder
	sort.Slice(rels, func(i, j int) bool {
		di, dj := strings.Count(rels[i], "/"), strings.Count(rels[j], "/")
		return di < dj || di == dj && rels[i] < rels[j]
	})
	for _, rel := range rels {
		shown := s.display(rel)
		data, err := os.ReadFile(path.Join(contentDir, rel))
		if err != nil {
			diags.Errorf(shown, 0, 0, "read", "cannot read: %v", err)
			continue
		}
		fm, d := fmReader{path: shown, mkdocs: true}.parse(data)
		diags = append(diags, d...)
		dir := path.Dir(rel)
		if dir == "." {
			dir = ""
		}
		s.meta = append(s.meta, metaFile{dir: dir, fm: fm})
		key.WriteString(rel + "\x00" + string(data) + "\x00")
	}
	return key.String(), diags
}

// applyMeta gives a page the keys of the .meta.yml files of its folder and
// those above it: a deeper file's, and the page's own, win; lists (tags,
// hide, levels) add up, as the meta plugin merges them.
func (s *Site) applyMeta(rel string, fm FrontMatter) FrontMatter {
	if len(s.meta) == 0 {
		return fm
	}
	var merged FrontMatter
	for _, m := range s.meta {
		if m.dir == "" || strings.HasPrefix(rel, m.dir+"/") {
			merged = overlay(merged, m.fm)
		}
	}
	return overlay(merged, fm)
}

// overlay is base with top's keys on it.
func overlay(base, top FrontMatter) FrontMatter {
	out := top
	out.set, out.pos = map[string]bool{}, map[string]Pos{}
	for k := range base.set {
		out.set[k], out.pos[k] = true, base.pos[k]
	}
	for k := range top.set {
		out.set[k], out.pos[k] = true, top.pos[k]
	}
	str := func(key string, dst *string, from string) {
		if !top.set[key] && base.set[key] {
			*dst = from
		}
	}
	str("title", &out.Title, base.Title)
	str("description", &out.Description, base.Description)
	str("icon", &out.Icon, base.Icon)
	str("status", &out.Status, base.Status)
	str("template", &out.Template, base.Template)
	str("subtitle", &out.Subtitle, base.Subtitle)
	if !top.set["weight"] && base.set["weight"] {
		out.Weight = base.Weight
	}
	if !top.set["draft"] && base.set["draft"] {
		out.Draft = base.Draft
	}
	if !top.set["search"] && base.set["search"] {
		out.SearchExclude = base.SearchExclude
	}
	if out.Drill == nil {
		out.Drill = base.Drill
	}
	out.Tags = joinUnique(base.Tags, top.Tags)
	out.Hide = joinUnique(base.Hide, top.Hide)
	out.Levels = joinUnique(base.Levels, top.Levels)
	out.HasLevels = base.HasLevels || top.HasLevels
	if !top.HasLevels && base.HasLevels {
		out.LevelLine, out.LevelCol, out.LevelFile = base.LevelLine, base.LevelCol, base.LevelFile
	}
	return out
}

func joinUnique(a, b []string) []string {
	if len(a) == 0 {
		return b
	}
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// usesMeta reports whether .meta.yml files apply: in MkDocs and Zensical
// projects, where Material's meta plugin reads them.
func usesMeta(cfg *project.Config) bool { return cfg.Format != project.FormatHandbook }
