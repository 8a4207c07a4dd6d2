// Package gfm is the CommonMark extension set the handbook's dialect is
// built on: GitHub Flavored Markdown's tables, bare links and task lists
// (its strikethrough is left out: the dialect's tilde extension owns ~),
// plus footnotes and definition lists, which Python-Markdown's "extra"
// bundle gives every MkDocs site.
package gfm

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// Extension adds the base set to a goldmark.Markdown.
var Extension goldmark.Extender = base{}

type base struct{}

func (base) Extend(m goldmark.Markdown) {
	for _, e := range []goldmark.Extender{extension.Table, extension.Linkify, extension.TaskList, extension.DefinitionList, extension.Footnote} {
		e.Extend(m)
	}
}
