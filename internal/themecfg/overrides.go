package themecfg

import (
	"errors"
	"path/filepath"
	"regexp"
	"strings"

	"handbook/internal/diag"
	"handbook/internal/srctree"
)

// Overrides are the blocks of theme.custom_dir's main.html (Material's way
// to override its templates) that map onto handbook's templates.
type Overrides struct {
	Announce  string // {% block announce %}: the announcement bar's HTML
	ExtraHead string // {% block extrahead %}: added to every page's <head>
}

var blockRe = regexp.MustCompile(`(?s)\{%-?\s*block\s+(\w+)\s*-?%\}(.*?)\{%-?\s*endblock(?:\s+\w+)?\s*-?%\}`)

// ReadOverrides reads custom_dir/main.html's blocks. A block handbook's
// templates have no place for, or one using Jinja (which handbook does
// not run), is a warning at its line and left out. A main.html that is a
// symbolic link out of the project folder (projectDir) is a warning and
// not read (see srctree).
func ReadOverrides(customDir, projectDir string) (Overrides, diag.List) {
	var o Overrides
	var diags diag.List
	if customDir == "" {
		return o, nil
	}
	file := filepath.Join(customDir, "main.html")
	shown := filepath.ToSlash(file)
	data, err := srctree.ReadFile(file, customDir, projectDir)
	if errors.Is(err, srctree.ErrOutside) {
		diags.Warnf(shown, 1, 1, "symlink", "%v", err)
		return o, diags
	}
	if err != nil {
		return o, nil
	}
	src := string(data)
	for _, m := range blockRe.FindAllStringSubmatchIndex(src, -1) {
		name, body := src[m[2]:m[3]], strings.TrimSpace(src[m[4]:m[5]])
		line := 1 + strings.Count(src[:m[0]], "\n")
		switch {
		case name != "announce" && name != "extrahead":
			diags.Warnf(shown, line, 1, "mkdocs-unsupported", "block %s of main.html has no counterpart in handbook's templates (left out)", name)
		case strings.Contains(body, "{{") || strings.Contains(body, "{%"):
			diags.Warnf(shown, line, 1, "mkdocs-unsupported", "block %s of main.html uses Jinja, which handbook does not run (left out)", name)
		case name == "announce":
			o.Announce = body
		default:
			o.ExtraHead = body
		}
	}
	return o, diags
}
