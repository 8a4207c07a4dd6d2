// Package blocks implements pymdownx.blocks, the fenced generic blocks:
//
//	/// name | argument
//	    option: value
//
//	content, parsed as markdown
//	///
//
// with the block types admonition (and its shortcuts such as `note`),
// details, tab, html, define and caption, rendered as pymdownx renders
// them (so Material's CSS applies). Blocks nest when their fences differ in
// length; a closing fence closes the innermost open block of its length.
package blocks

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"handbook/internal/markdown/tabs"
)

// Type is a named shortcut for an admonition or details block: `/// name`
// is the block with class Class and, without an argument, title Title.
type Type struct {
	Name  string
	Class string // default: Name
	Title string // default: Class capitalised
}

// Typed configures pymdownx.blocks.admonition or .details.
type Typed struct {
	// Types replace the default shortcuts (for admonitions: note,
	// attention, caution, danger, error, tip, hint, warning; details has
	// none). Nil keeps the defaults.
	Types []Type
}

// HTML configures pymdownx.blocks.html.
type HTML struct {
	// Custom maps tag names to their content mode: block, inline, raw or
	// html.
	Custom map[string]string
}

// CaptionType is a caption block name; a Prefix such as "Figure {}."
// numbers its figures.
type CaptionType struct {
	Name    string
	Prefix  string
	Classes string
}

// Caption configures pymdownx.blocks.caption.
type Caption struct {
	// Types replace the defaults (caption; figure-caption "Figure {}.";
	// table-caption "Table {}.") when not nil.
	Types []CaptionType
	// Prepend puts captions before the content.
	Prepend bool
	// NoAuto turns automatic numbers and ids off.
	NoAuto bool
	// AutoLevel limits automatic numbers to that nesting depth (0: all).
	AutoLevel int
}

// Options select the block types (nil: not recognised) and configure them.
type Options struct {
	Admonition *Typed
	Details    *Typed
	Tab        bool
	HTML       *HTML
	Definition bool
	Caption    *Caption
}

// All is every block type with its defaults.
func All() Options {
	return Options{Admonition: &Typed{}, Details: &Typed{}, Tab: true, HTML: &HTML{}, Definition: true, Caption: &Caption{}}
}

// kind is what a block does.
type kind int

const (
	kindAdmonition kind = iota
	kindDetails
	kindTab
	kindHTML
	kindDefinition
	kindCaption
)

// plugin is one block name and what it makes.
type plugin struct {
	kind   kind
	class  string // admonition/details shortcut class
	title  string // its default title
	prefix string // caption number template
	types  string // caption classes
}

// registry maps block names to plugins.
type registry struct {
	plugins map[string]*plugin
	opts    Options
}

var defaultAdmonitions = []string{"note", "attention", "caution", "danger", "error", "tip", "hint", "warning"}

func newRegistry(o Options) *registry {
	r := &registry{plugins: map[string]*plugin{}, opts: o}
	if o.Admonition != nil {
		r.plugins["admonition"] = &plugin{kind: kindAdmonition}
		types := o.Admonition.Types
		if types == nil {
			for _, name := range defaultAdmonitions {
				types = append(types, Type{Name: name})
			}
		}
		r.addTyped(kindAdmonition, types)
	}
	if o.Details != nil {
		r.plugins["details"] = &plugin{kind: kindDetails}
		r.addTyped(kindDetails, o.Details.Types)
	}
	if o.Tab {
		r.plugins["tab"] = &plugin{kind: kindTab}
	}
	if o.HTML != nil {
		r.plugins["html"] = &plugin{kind: kindHTML}
	}
	if o.Definition {
		r.plugins["define"] = &plugin{kind: kindDefinition}
	}
	if o.Caption != nil {
		types := o.Caption.Types
		if types == nil {
			types = []CaptionType{{Name: "caption"}, {Name: "figure-caption", Prefix: "Figure {}."}, {Name: "table-caption", Prefix: "Table {}."}}
		}
		for _, t := range types {
			r.plugins[strings.ToLower(t.Name)] = &plugin{kind: kindCaption, prefix: t.Prefix, types: t.Classes}
		}
	}
	return r
}

func (r *registry) addTyped(k kind, types []Type) {
	for _, t := range types {
		class := t.Class
		if class == "" {
			class = t.Name
		}
		title := t.Title
		if title == "" {
			title = capitalize(class)
		}
		r.plugins[strings.ToLower(t.Name)] = &plugin{kind: k, class: class, title: title}
	}
}

// capitalize is Python's str.capitalize: the first letter upper case, the
// rest lower case.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(strings.ToLower(s))
	r[0] = []rune(strings.ToUpper(string(r[0])))[0]
	return string(r)
}

type extender struct{ reg *registry }

// New returns the extension with the given block types.
func New(o Options) goldmark.Extender { return &extender{reg: newRegistry(o)} }

// Extend implements goldmark.Extender.
func (e *extender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(&blockParser{reg: e.reg}, 95)),
		// Before the tab grouper (100), which groups the tabs made here.
		parser.WithASTTransformers(util.Prioritized(&transformer{reg: e.reg}, 90)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&htmlRenderer{}, 500)))
	if e.reg.opts.Tab {
		tabs.Grouping.Extend(m)
	}
}
