package render

import (
	"bytes"
	"html/template"
)

// The pages the build generates without a source file are theme templates
// too: each renders the content of one page, which page.html then wraps.
// A site overrides one with a file of the same name in its
// theme/templates/.
const (
	LevelTemplate    = "level.html"
	LevelsTemplate   = "levels.html"
	TagsTemplate     = "tags.html"
	NotFoundTemplate = "404.html"
	// RedirectTemplate is a whole document, not wrapped in page.html.
	RedirectTemplate = "redirect.html"
)

// LevelPage is the data of level.html.
type LevelPage struct {
	Level  LevelData
	Groups []LevelGroup
}

// LevelGroup is the entries of one top-level nav section.
type LevelGroup struct {
	ID, Title string
	Entries   []LevelEntry
}

// LevelEntry is a page or a section listed on a level page; URL is
// relative to the level page.
type LevelEntry struct {
	Title, URL, Summary string
	Sections            []LevelEntry
}

// LevelsPage is the data of levels.html.
type LevelsPage struct{ Levels []LevelRow }

// LevelRow is one level with how many pages and sections are tagged with it.
type LevelRow struct {
	LevelData
	Pages, Sections int
}

// TagsPage is the data of tags.html.
type TagsPage struct{ Tags []TagGroup }

// TagGroup is one tag and its pages (URLs relative to the tags page).
type TagGroup struct {
	ID, Name string
	Pages    []Link
}

// RedirectPage is the data of redirect.html: where the old page sends
// the reader (relative to it, or a full URL).
type RedirectPage struct{ Target, Lang string }

// NotFoundPage is the data of 404.html.
type NotFoundPage struct{ Home string }

// Content renders a generated page's content with the named template.
func (t *Theme) Content(name string, data any) (template.HTML, error) {
	var buf bytes.Buffer
	if err := t.tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}
