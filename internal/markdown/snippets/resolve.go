package snippets

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"handbook/internal/srctree"
)

// absolute makes each base path absolute and clean.
func absolute(paths []string) []string {
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		out = append(out, filepath.Clean(p))
	}
	return out
}

// resolve finds the file a snippet name refers to in the base paths, the
// first base that has it winning. It returns "" when none has it, and an
// error when the name, or a symbolic link on its way, leads outside every
// base path that could have held it.
func (e *expander) resolve(name string) (string, error) {
	var outside error
	for _, base := range e.bases {
		info, err := os.Stat(base)
		if err != nil {
			continue
		}
		if !info.IsDir() {
			// A file as a base path matches its own name only.
			if filepath.Clean(filepath.Join(filepath.Dir(base), name)) == base {
				return base, nil
			}
			continue
		}
		path := join(base, name)
		if !within(base, path) {
			outside = fmt.Errorf("snippet %q is outside the base paths (%s): not read", name, strings.Join(e.opts.basesShown(), ", "))
			continue
		}
		fi, err := os.Stat(path)
		if err != nil {
			continue
		}
		if err := e.checkReal(base, path, name); err != nil {
			outside = err
			continue
		}
		if fi.IsDir() {
			return "", fmt.Errorf("snippet %q is a folder, not a file", name)
		}
		return path, nil
	}
	return "", outside
}

// join joins like Python's os.path.join: an absolute name replaces base.
func join(base, name string) string {
	if filepath.IsAbs(name) {
		return filepath.Clean(name)
	}
	return filepath.Join(base, name)
}

// checkReal refuses a path whose symbolic links lead out of base and out
// of the project folder: the one rule every reader follows (srctree).
func (e *expander) checkReal(base, path, name string) error {
	if _, err := srctree.Resolve(path, append([]string{base}, e.opts.Within...)...); err != nil {
		real, _ := filepath.EvalSymlinks(path)
		if len(e.opts.Within) > 0 {
			return fmt.Errorf("snippet %q is a symbolic link to %s, outside the project folder: not read", name, real)
		}
		return fmt.Errorf("snippet %q is a symbolic link to %s, outside the base path %s: not read", name, real, base)
	}
	return nil
}

// within reports whether path is base or below it (both clean, absolute).
func within(base, path string) bool {
	rel, err := filepath.Rel(base, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// candidates are the paths a missing snippet could be created at, so that
// creating one makes the page out of date.
func (e *expander) candidates(name string) []string {
	var out []string
	for _, base := range e.bases {
		if info, err := os.Stat(base); err == nil && !info.IsDir() {
			continue
		}
		if path := join(base, name); within(base, path) {
			out = append(out, path)
		}
	}
	return out
}

// read returns a snippet's lines without their line endings; a final line
// ending adds no empty line, as when Python reads a file line by line.
func (e *expander) read(path string) ([]string, error) {
	if lines, ok := e.cache[path]; ok {
		return lines, nil
	}
	b, err := e.opts.ReadFile(path)
	if err != nil {
		return nil, err
	}
	e.files[path] = true
	text := strings.TrimSuffix(string(b), "\n")
	var lines []string
	if len(b) > 0 {
		lines = strings.Split(text, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimSuffix(l, "\r")
		}
	}
	e.cache[path] = lines
	return lines, nil
}

// extractSection returns the lines between `--8<-- [start:name]` and
// `--8<-- [end:name]`, without the markers of other sections (escaped ones
// are kept, one ';' fewer). found is false when the section does not start.
func extractSection(lines []string, name string) (picked []string, found bool) {
	inside := false
	for _, l := range lines {
		s, ok := parseSection(l)
		switch {
		case !inside && ok && !s.escaped && s.start && s.name == name:
			inside, found = true, true
		case !inside:
		case ok && !s.escaped && !s.start && s.name == name:
			return picked, true
		case ok && s.escaped:
			picked = append(picked, s.line)
		case ok:
		default:
			picked = append(picked, l)
		}
	}
	return picked, found
}

// dedent removes the whitespace every non-blank line starts with, and
// empties blank lines, as Python's textwrap.dedent does.
func dedent(lines []string) []string {
	margin, set := "", false
	for _, l := range lines {
		if strings.TrimLeft(l, " \t") == "" {
			continue
		}
		indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		switch {
		case !set:
			margin, set = indent, true
		case strings.HasPrefix(indent, margin):
		case strings.HasPrefix(margin, indent):
			margin = indent
		default:
			margin = commonPrefix(margin, indent)
		}
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		if strings.TrimLeft(l, " \t") == "" {
			continue
		}
		out[i] = strings.TrimPrefix(l, margin)
	}
	return out
}

func commonPrefix(a, b string) string {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return a[:n]
}
