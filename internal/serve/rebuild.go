package serve

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"handbook/internal/diag"
)

// Problem is one build problem as the browser overlay shows it.
type Problem struct {
	Location string `json:"location"` // "path:line:col", or "" when the problem has no place
	Severity string `json:"severity"` // "error" or "warning"
	Message  string `json:"message"`
}

// Rebuild runs the build for the given changed paths and, when it made a
// site, swaps it in and then tells open pages what changed; when that site
// has errors (broken links, bad content) it is served all the same, and a
// "problems" event lists them. A build that made nothing (the config
// cannot be read) keeps the last good site served and sends an "error"
// event. Rebuilds never overlap; Rebuild returns when this one is done.
func (s *Server) Rebuild(changed []string) {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	began := time.Now()
	var seen int64
	if s.watcher != nil {
		seen = s.watcher.Changes()
	}
	out, diags, err := s.runBuild(changed)
	took := time.Since(began)
	if s.superseded(changed, began, seen) {
		return
	}
	prev := s.state.Load()
	if err != nil || out == nil {
		problems := toProblems(diags, err)
		s.state.Store(prev.withProblems(problems))
		s.hub.publish("error", mustJSON(problems))
		s.logFailure(took, diags, err)
		return
	}
	next := newSite(out.Files, prev)
	if diags.HasErrors() {
		next.errors = toProblems(errorsOnly(diags), nil)
	}
	change := diffSites(prev, next)
	next.from, next.touched = nil, nil // for diffSites only: kept, they would keep every earlier site
	s.state.Store(next)
	if !change.empty() || prev.broken() || !prev.built || prev.errors != nil {
		s.hub.send(message{event: "reload", data: mustJSON(change), from: prev, to: next, changed: change.Changed})
	}
	if next.errors != nil {
		s.hub.publish("problems", mustJSON(next.errors))
	}
	s.logSuccess(took, changed, change, len(next.files), prev.built)
	s.logWarnings(diags)
}

// errorsOnly keeps the errors of a list.
func errorsOnly(diags diag.List) diag.List {
	var out diag.List
	for _, d := range diags {
		if d.Severity == diag.Error {
			out = append(out, d)
		}
	}
	return out
}

// Builds start on the first change after a very short settle (see
// watch.DefaultQuiet), so one may read a file an editor is still saving.
// When more changes arrived during a build, its result is dropped for the
// build that follows at once: a half-saved page is never shown. (The next
// build's reload names everything that changed since the last one shown.)
// A tree that never goes quiet still gets a build shown every
// maxSuperseded builds or maxSupersededTime.
const (
	maxSuperseded     = 3
	maxSupersededTime = time.Second
)

// superseded reports whether the build of changed, begun at began when the
// watcher had seen seen changes, is to be dropped for the next one: more
// changes arrived during it (and a batch will bring them).
func (s *Server) superseded(changed []string, began time.Time, seen int64) bool {
	if len(changed) == 0 || s.watcher == nil || s.watcher.Changes() == seen {
		s.dropped = 0
		return false
	}
	if s.dropped == 0 {
		s.droppedSince = began
	}
	if s.dropped >= maxSuperseded || time.Since(s.droppedSince) > maxSupersededTime {
		s.dropped = 0
		return false
	}
	s.dropped++
	return true
}

// runBuild calls the build function, turning a panic into a failed build:
// a bug in one page's rendering must not stop the preview server.
func (s *Server) runBuild(changed []string) (out *Output, diags diag.List, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("build panicked: %v", r)
		}
	}()
	return s.build(changed)
}

// toProblems lists the build's error first, then its diagnostics in order.
func toProblems(diags diag.List, err error) []Problem {
	problems := []Problem{}
	if err != nil {
		problems = append(problems, Problem{Severity: "error", Message: err.Error()})
	}
	sorted := append(diag.List(nil), diags...)
	sorted.Sort()
	for _, d := range sorted {
		problems = append(problems, Problem{Location: location(d), Severity: d.Severity.String(), Message: d.Message})
	}
	if len(problems) == 0 {
		problems = append(problems, Problem{Severity: "error", Message: "the build returned no output"})
	}
	return problems
}

func location(d diag.Diagnostic) string {
	if d.Path == "" {
		return ""
	}
	return fmt.Sprintf("%s:%d:%d", d.Path, max(d.Line, 1), max(d.Col, 1))
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain structs of strings and ints are marshalled
	}
	return b
}

func (s *Server) logFailure(took time.Duration, diags diag.List, err error) {
	fmt.Fprintf(s.log, "build failed in %dms:\n", took.Milliseconds())
	if err != nil {
		fmt.Fprintf(s.log, "  %v\n", err)
	}
	sorted := append(diag.List(nil), diags...)
	sorted.Sort()
	for _, d := range sorted {
		fmt.Fprintf(s.log, "  %s\n", d)
	}
}

// logWarningsLimit: more problems of one kind than this are one line.
const logWarningsLimit = 5

// logWarnings prints a served build's problems: every error, and the
// warnings and notes of each kind, or their count when there are many.
func (s *Server) logWarnings(diags diag.List) {
	sorted := append(diag.List(nil), diags...)
	sorted.Sort()
	for _, line := range sorted.Summarised(logWarningsLimit) {
		fmt.Fprintf(s.log, "  %s\n", line)
	}
}

func (s *Server) logSuccess(took time.Duration, sources []string, c Change, files int, rebuilt bool) {
	if !rebuilt {
		fmt.Fprintf(s.log, "built in %dms: %d files\n", took.Milliseconds(), files)
		return
	}
	fmt.Fprintf(s.log, "rebuilt in %dms: %s, %s re-rendered\n",
		took.Milliseconds(), describeSources(sources), plural(c.Pages, "page"))
}

// describeSources says "2 files changed (content/a.md, content/b.md)", with
// paths relative to the working folder and at most three of them named.
func describeSources(sources []string) string {
	if sources == nil {
		return "full build"
	}
	if len(sources) == 0 {
		return "search index updated"
	}
	names := make([]string, 0, 3)
	for _, p := range sources[:min(len(sources), 3)] {
		names = append(names, displayPath(p))
	}
	if more := len(sources) - len(names); more > 0 {
		names = append(names, fmt.Sprintf("+%d more", more))
	}
	return fmt.Sprintf("%s changed (%s)", plural(len(sources), "file"), strings.Join(names, ", "))
}

func displayPath(p string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(p)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
