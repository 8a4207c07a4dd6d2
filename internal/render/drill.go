package render

import "html/template"

// DrillData is what the drill template shows: the cards cut from the
// source page, and the settings the drill's script reads.
type DrillData struct {
	Source      string // the source page's URL, relative to the drill page
	SourceTitle string
	Level       string // the level the questions were chosen for, or ""
	Minutes     int    // the timer's length
	Reveal      string // the title of the hidden answer blocks ("" = any)
	Cards       []DrillCard
}

// DrillCard is one question.
type DrillCard struct {
	ID     string // the question's id on the source page
	Group  string // its enclosing section on the source page
	Levels string // the levels it is for, separated by spaces ("" = all)
	Title  template.HTML
	Body   template.HTML
	Answer template.HTML // the blocks hidden until the reader reveals them
}
