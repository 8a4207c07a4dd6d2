package frontmatter

import (
	"fmt"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"handbook/internal/diag"
	"handbook/internal/project/cfgtree"
)

// DrillSpec is a page's `drill:` front matter. It turns the page into a
// question drill: the build takes the sections of another page (the
// source, such as a question bank) as cards, and the theme shows one at a
// time with a timer, the answer hidden until asked for, and the reader's
// progress kept in the browser.
//
//	drill:
//	  source: ../experiences/question-database.md
//	  level: L6     # only questions for this level (default: every question)
//	  rank: 3       # the heading rank of one question (default 3)
//	  minutes: 4    # the timer (default 3)
//	  reveal: Rubric # collapsible blocks whose title starts with this are
//	                 # the hidden answer (default: every collapsible block)
type DrillSpec struct {
	Source  string
	Level   string
	Rank    int
	Minutes int
	Reveal  string
	// Line and Col are where `drill:` was given, for diagnostics;
	// LevelLine and LevelCol where its level was (checked once the site
	// knows its levels).
	Line, Col           int
	LevelLine, LevelCol int
}

// Drill defaults.
const (
	DefaultDrillRank    = 3
	DefaultDrillMinutes = 3
)

// decodeDrill reads the `drill:` mapping. Unknown keys are warnings; a
// value of the wrong type, a missing source or an unknown level are errors.
func decodeDrill(path string, line, col int, v ast.Node) (*DrillSpec, diag.List) {
	var diags diag.List
	spec := &DrillSpec{Rank: DefaultDrillRank, Minutes: DefaultDrillMinutes, Line: line, Col: col}
	m, ok := v.(*ast.MappingNode)
	if !ok {
		diags.Errorf(path, line, col, "front-matter-type", `front-matter field "drill" must be a mapping (source, level, rank, minutes, reveal)`)
		return nil, diags
	}
	for _, kv := range m.Values {
		key := kv.Key.String()
		tk := kv.Key.GetToken()
		kl, kc := tk.Position.Line+1, tk.Position.Column
		var err error
		switch key {
		case "source":
			err = decodeString(kv.Value, &spec.Source)
		case "level":
			err = decodeString(kv.Value, &spec.Level)
			spec.LevelLine, spec.LevelCol = kl, kc
		case "reveal":
			err = decodeString(kv.Value, &spec.Reveal)
		case "rank":
			err = decodeInt(kv.Value, &spec.Rank, 1, 6)
		case "minutes":
			err = decodeInt(kv.Value, &spec.Minutes, 1, 120)
		default:
			diags.Warnf(path, kl, kc, "front-matter-field", "unknown drill field %q (known: source, level, rank, minutes, reveal)", key)
			continue
		}
		if err != nil {
			diags.Errorf(path, kl, kc, "front-matter-type", "drill field %q: %v", key, err)
		}
	}
	if strings.TrimSpace(spec.Source) == "" {
		diags.Errorf(path, line, col, "front-matter-drill", "drill needs a source: the page whose sections are the questions")
		return nil, diags
	}
	return spec, diags
}

func decodeInt(v ast.Node, out *int, lo, hi int) error {
	var n int
	if err := cfgtree.DecodeNode(v, &n); err != nil {
		return fmt.Errorf("must be a whole number")
	}
	if n < lo || n > hi {
		return fmt.Errorf("must be between %d and %d", lo, hi)
	}
	*out = n
	return nil
}
