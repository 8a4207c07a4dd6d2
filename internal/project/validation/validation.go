// Package validation holds MkDocs' validation levels (validation: nav:
// and links:) and strict mode, and reads them from a config tree in
// MkDocs' shape (mkdocs.yml, zensical.toml, handbook.yaml).
package validation

import (
	"path/filepath"
	"strings"

	"handbook/internal/project/cfgtree"
)

// CheckLevel is how one kind of problem is reported: MkDocs' validation
// levels.
type CheckLevel int

const (
	CheckIgnore CheckLevel = iota // not reported
	CheckInfo                     // a note; never fails a build
	CheckWarn                     // a warning; an error in strict mode
)

// Levels holds MkDocs' validation levels (validation: nav: and links:).
type Levels struct {
	NavOmittedFiles, NavNotFound, NavAbsoluteLinks                          CheckLevel
	LinksNotFound, LinksAnchors, LinksAbsoluteLinks, LinksUnrecognizedLinks CheckLevel
	// AbsoluteLinksRelativeToDocs is absolute_links: relative_to_docs: a
	// link such as /setup/index.md is resolved in the docs folder (and
	// checked as a relative one) instead of being left as it is.
	AbsoluteLinksRelativeToDocs bool
}

// MkDocs is MkDocs' default: missing pages are warnings, the
// rest notes.
var MkDocs = Levels{
	NavOmittedFiles: CheckInfo, NavNotFound: CheckWarn, NavAbsoluteLinks: CheckInfo,
	LinksNotFound: CheckWarn, LinksAnchors: CheckInfo, LinksAbsoluteLinks: CheckInfo, LinksUnrecognizedLinks: CheckInfo,
}

// Handbook is handbook.yaml's default, with strict on: every
// link and nav problem fails the build. Site-absolute links are resolved
// in the content folder, and pages missing from the nav are left to
// handbook check.
var Handbook = Levels{
	NavOmittedFiles: CheckIgnore, NavNotFound: CheckWarn, NavAbsoluteLinks: CheckWarn,
	LinksNotFound: CheckWarn, LinksAnchors: CheckWarn, LinksAbsoluteLinks: CheckWarn, LinksUnrecognizedLinks: CheckWarn,
	AbsoluteLinksRelativeToDocs: true,
}

// Strictness says whether warnings of the validation kinds are errors,
// and which setting says so (for the message of a failed build).
type Strictness struct {
	On bool
	// Source names the setting that turned it on: "--strict", "strict:
	// true in mkdocs.yml", "handbook.yaml's default".
	Source string
}

var checkLevels = map[string]CheckLevel{"warn": CheckWarn, "info": CheckInfo, "ignore": CheckIgnore}

// Read reads strict and validation (MkDocs 1.5+). A key given
// directly under validation applies to both nav and links where they have
// it, as MkDocs propagates it.
func Read(r *cfgtree.Reader, root *cfgtree.Node, val *Levels, strict *Strictness) {
	if s := root.Get("strict"); !s.IsNull() {
		*strict = Strictness{On: r.Bool(s, "strict")}
		if strict.On {
			strict.Source = "strict: true in " + filepath.Base(r.FileOf(s))
		}
	}
	v := root.Get("validation")
	if v.IsNull() {
		return
	}
	if v.Kind != cfgtree.Map {
		r.ErrorAt(v, "validation must be a mapping (nav:, links:, or the levels themselves)")
		return
	}
	nav := map[string]*CheckLevel{"omitted_files": &val.NavOmittedFiles, "not_found": &val.NavNotFound, "absolute_links": &val.NavAbsoluteLinks}
	links := map[string]*CheckLevel{"not_found": &val.LinksNotFound, "anchors": &val.LinksAnchors,
		"absolute_links": &val.LinksAbsoluteLinks, "unrecognized_links": &val.LinksUnrecognizedLinks}
	for i, k := range v.Keys {
		switch k.Text {
		case "nav":
			readLevels(r, val, v.Vals[i], "validation.nav", nav)
		case "links":
			readLevels(r, val, v.Vals[i], "validation.links", links)
		default:
			one := &cfgtree.Node{Kind: cfgtree.Map, Keys: []*cfgtree.Node{k}, Vals: []*cfgtree.Node{v.Vals[i]}}
			_, inNav := nav[k.Text]
			_, inLinks := links[k.Text]
			if !inNav && !inLinks {
				r.ErrorAt(k, "validation has no setting %q (nav, links, omitted_files, not_found, absolute_links, unrecognized_links, anchors)", k.Text)
				continue
			}
			if inNav {
				readLevels(r, val, one, "validation", nav)
			}
			if inLinks {
				readLevels(r, val, one, "validation", links)
			}
		}
	}
}

// readLevels reads a mapping of setting names to levels.
func readLevels(r *cfgtree.Reader, val *Levels, m *cfgtree.Node, where string, into map[string]*CheckLevel) {
	if m.IsNull() {
		return
	}
	if m.Kind != cfgtree.Map {
		r.ErrorAt(m, "%s must be a mapping of settings to levels (warn, info, ignore)", where)
		return
	}
	for i, k := range m.Keys {
		dst, ok := into[k.Text]
		if !ok {
			r.ErrorAt(k, "%s has no setting %q", where, k.Text)
			continue
		}
		setting := m.Vals[i]
		text := strings.ToLower(setting.TextOr(""))
		if k.Text == "absolute_links" && text == "relative_to_docs" {
			// Resolved in the docs folder: a missing target is not_found's.
			*dst = CheckIgnore
			if dst == &val.LinksAbsoluteLinks {
				val.AbsoluteLinksRelativeToDocs = true
			}
			continue
		}
		level, ok := checkLevels[text]
		if !ok {
			r.ErrorAt(setting, "%s.%s must be warn, info or ignore", where, k.Text)
			continue
		}
		*dst = level
		if dst == &val.LinksAbsoluteLinks {
			val.AbsoluteLinksRelativeToDocs = false // left as they are
		}
	}
}
