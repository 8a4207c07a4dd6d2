package project

import "handbook/internal/project/cfgtree"

// DocRules are MkDocs 1.5's exclude_docs, not_in_nav and draft_docs as
// written (gitignore-style lines); internal/site applies them, with the
// exclude plugin's options (Plugins).
type DocRules struct {
	Exclude, NotInNav, Draft string
}

// readDocRules reads exclude_docs, not_in_nav and draft_docs.
func (l *loader) readDocRules(root *cfgtree.Node) {
	for key, dst := range map[string]*string{
		"exclude_docs": &l.cfg.Docs.Exclude, "not_in_nav": &l.cfg.Docs.NotInNav, "draft_docs": &l.cfg.Docs.Draft,
	} {
		if v := root.Get(key); !v.IsNull() {
			*dst = l.Str(v, key)
		}
	}
}
