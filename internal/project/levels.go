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
		l.errorAt(n, "extra.levels must be a list of {id, name, description, color}")
		return nil
	}
	var out []Level
	for _, it := range n.Items {
		if it.Kind != cfgtree.Map {
			l.errorAt(it, "extra.levels entry must be a mapping {id, name, description, color}")
			continue
		}
		lv := Level{}
		for i, k := range it.Keys {
			v := it.Vals[i]
			switch k.Text {
			case "id":
				lv.ID = l.str(v, "extra.levels id")
			case "name":
				lv.Name = l.str(v, "extra.levels name")
			case "description":
				lv.Description = l.str(v, "extra.levels description")
			case "color":
				lv.Color = l.str(v, "extra.levels color")
			default:
				l.warnAt(k, "config-key", "extra.levels entry has no key %q (id, name, description, color)", k.Text)
			}
		}
		if lv.ID == "" {
			l.errorAt(it, "extra.levels entry has no id")
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
		l.errorAt(n, "extra.status must be a mapping of statuses to their titles")
		return nil
	}
	out := map[string]string{}
	for i, k := range n.Keys {
		out[k.Text] = l.str(n.Vals[i], "extra.status."+k.Text)
	}
	return out
}
