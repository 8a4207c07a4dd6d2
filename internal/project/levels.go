package project

import "handbook/internal/project/cfgtree"

// levels reads extra.levels, the shape of handbook.yaml's levels: a list
// of {id, name, description, color}. A project that gives none has no
// levels (see site's decideLevels).
func (l *loader) levels(n *cfgtree.Node) []Level {
	if n.IsNull() {
		return nil
	}
	if n.Kind != cfgtree.List {
		l.ErrorAt(n, "extra.levels must be a list of {id, name, description, color}")
		return nil
	}
	var out []Level
	for _, it := range n.Items {
		if it.Kind != cfgtree.Map {
			l.ErrorAt(it, "extra.levels entry must be a mapping {id, name, description, color}")
			continue
		}
		lv := Level{}
		for i, k := range it.Keys {
			v := it.Vals[i]
			switch k.Text {
			case "id":
				lv.ID = l.Str(v, "extra.levels id")
			case "name":
				lv.Name = l.Str(v, "extra.levels name")
			case "description":
				lv.Description = l.Str(v, "extra.levels description")
			case "color":
				lv.Color = l.Str(v, "extra.levels color")
			default:
				l.WarnAt(k, "config-key", "extra.levels entry has no key %q (id, name, description, color)", k.Text)
			}
		}
		if lv.ID == "" {
			l.ErrorAt(it, "extra.levels entry has no id")
			continue
		}
		out = append(out, lv)
	}
	fillLevels(out)
	return out
}

// statusTitles reads extra.status: a page status's tooltip by status name
// (new: Recently added), as Material reads it.
func (l *loader) statusTitles(n *cfgtree.Node) map[string]string {
	if n.IsNull() {
		return nil
	}
	if n.Kind != cfgtree.Map {
		l.ErrorAt(n, "extra.status must be a mapping of statuses to their titles")
		return nil
	}
	out := map[string]string{}
	for i, k := range n.Keys {
		out[k.Text] = l.Str(n.Vals[i], "extra.status."+k.Text)
	}
	return out
}
