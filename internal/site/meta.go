package site

import (
	"os"
	"path"
	"sort"
	"strings"

	"handbook/internal/diag"
	"handbook/internal/project"
	"handbook/internal/site/frontmatter"
)

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
		fm, d := frontmatter.ParseMeta(shown, data)
		diags = append(diags, d...)
		dir := path.Dir(rel)
		if dir == "." {
			dir = ""
		}
		s.meta.Add(dir, fm)
		key.WriteString(rel + "\x00" + string(data) + "\x00")
	}
	return key.String(), diags
}

// usesMeta reports whether .meta.yml files apply: in MkDocs and Zensical
// projects, where Material's meta plugin reads them.
func usesMeta(cfg *project.Config) bool { return cfg.Format != project.FormatHandbook }
