package project

import (
	"handbook/internal/project/cfgtree"
	"handbook/internal/project/validation"
)

// The validation levels and strict mode, as internal/project/validation
// reads them.
type (
	Validation = validation.Levels
	CheckLevel = validation.CheckLevel
	Strictness = validation.Strictness
)

const (
	CheckIgnore = validation.CheckIgnore
	CheckInfo   = validation.CheckInfo
	CheckWarn   = validation.CheckWarn
)

var (
	MkDocsValidation   = validation.MkDocs
	HandbookValidation = validation.Handbook
)

// readValidation reads strict and validation (see validation.Read).
func (l *loader) readValidation(root *cfgtree.Node) {
	validation.Read(&l.Reader, root, &l.cfg.Validation, &l.cfg.Strict)
}
