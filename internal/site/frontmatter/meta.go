package frontmatter

import (
	"slices"
	"strings"
)

// MetaFile is the name of the files whose keys apply to every page in
// their folder and below, as Material's meta plugin reads them.
const MetaFile = ".meta.yml"

// Meta is a project's .meta.yml files, each read with ParseMeta.
type Meta struct {
	files []metaFile
}

// metaFile is one read .meta.yml: its folder (content-relative, "" for
// the root) and its keys.
type metaFile struct {
	dir string
	fm  FrontMatter
}

// Add adds the keys of the .meta.yml file of folder dir (content-relative,
// "" for the root). Files are added shallowest first.
func (m *Meta) Add(dir string, fm FrontMatter) {
	m.files = append(m.files, metaFile{dir: dir, fm: fm})
}

// Apply gives the page at rel (content-relative) the keys of the .meta.yml
// files of its folder and those above it: a deeper file's, and the page's
// own, win; lists (tags, hide, levels) add up, as the meta plugin merges
// them.
func (m *Meta) Apply(rel string, fm FrontMatter) FrontMatter {
	if len(m.files) == 0 {
		return fm
	}
	var merged FrontMatter
	for _, f := range m.files {
		if f.dir == "" || strings.HasPrefix(rel, f.dir+"/") {
			merged = overlay(merged, f.fm)
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
