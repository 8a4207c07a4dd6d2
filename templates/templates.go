// Package templates holds the built-in page templates used by "handbook new"
// (Go text/template files named <kind>.md). A site overrides one by putting a
// file of the same name in its own templates/ folder.
package templates

import (
	"embed"
	"io/fs"
)

//go:embed *.md
var files embed.FS

// FS holds case-study.md, question.md and page.md at its root.
var FS fs.FS = files
