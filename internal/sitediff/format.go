package sitediff

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// FormatOptions shape the text and markdown reports.
type FormatOptions struct {
	// LinkBase, when set, turns page URLs into links: LinkBase + URL.
	LinkBase string
	// Preview, when set, is where the new build can be downloaded; the
	// markdown report links it and names each page's file inside it.
	Preview string
	// MaxChanges is how many block changes a page shows (default 12).
	MaxChanges int
}

func (o FormatOptions) maxChanges() int {
	if o.MaxChanges > 0 {
		return o.MaxChanges
	}
	return 12
}

// maxLine is the longest text a report line shows of one block.
const maxLine = 160

// markdownBudget keeps a markdown report within what a pull-request
// comment holds (65,536 characters), with room for the rest.
const markdownBudget = 60000

// WriteJSON writes the report as indented JSON.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// Summary is the report's first line.
func (r *Report) Summary() string {
	if r.Empty() {
		return "no page changed for readers"
	}
	return fmt.Sprintf("%s added, %d removed, %d changed, %d unchanged",
		plural(len(r.Added), "page", "pages"), len(r.Removed), len(r.Changed), r.Unchanged)
}

// Empty reports whether no page was added, removed or changed.
func (r *Report) Empty() bool { return len(r.Added)+len(r.Removed)+len(r.Changed) == 0 }

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// failures warns of builds with errors, whose missing pages show as removed
// or added.
func (r *Report) failures() []string {
	var out []string
	for _, b := range []struct {
		label string
		n     int
	}{{r.Old, r.OldErrors}, {r.New, r.NewErrors}} {
		if b.n > 0 {
			out = append(out, fmt.Sprintf("the build of %s has %s: pages it could not render are missing from it", b.label, plural(b.n, "error", "errors")))
		}
	}
	return out
}

// display is a page URL as readers type it: "/guide/setup/".
func display(u string) string { return "/" + u }

// WriteText writes the report for a terminal.
func WriteText(w io.Writer, r *Report, o FormatOptions) {
	fmt.Fprintf(w, "%s → %s: %s\n", r.Old, r.New, r.Summary())
	for _, l := range r.failures() {
		fmt.Fprintf(w, "warning: %s\n", l)
	}
	section := func(title string, n int) bool {
		if n == 0 {
			return false
		}
		fmt.Fprintf(w, "\n%s (%d):\n", title, n)
		return true
	}
	if section("Added", len(r.Added)) {
		for _, p := range r.Added {
			fmt.Fprintf(w, "  + %s  %s\n", o.link(p.URL), p.Title)
		}
	}
	if section("Removed", len(r.Removed)) {
		for _, p := range r.Removed {
			fmt.Fprintf(w, "  - %s  %s\n", display(p.URL), p.Title)
		}
	}
	if section("Changed", len(r.Changed)) {
		for _, c := range r.Changed {
			fmt.Fprintf(w, "  ~ %s  %s\n", o.link(c.URL), c.Title)
			for _, line := range changeLines(c, o.maxChanges(), true) {
				fmt.Fprintf(w, "      %s\n", line)
			}
		}
	}
	if section("Broken links introduced", len(r.BrokenLinks.Introduced)) {
		for _, b := range r.BrokenLinks.Introduced {
			fmt.Fprintf(w, "  %s: %s (%s)\n", display(b.Page), b.Href, b.Problem)
		}
	}
	if section("Broken links fixed", len(r.BrokenLinks.Fixed)) {
		for _, b := range r.BrokenLinks.Fixed {
			fmt.Fprintf(w, "  %s: %s\n", display(b.Page), b.Href)
		}
	}
	if r.Problems != nil {
		if section("Problems introduced", len(r.Problems.Introduced)) {
			for _, p := range r.Problems.Introduced {
				fmt.Fprintf(w, "  %s\n", p)
			}
		}
		if section("Problems fixed", len(r.Problems.Fixed)) {
			for _, p := range r.Problems.Fixed {
				fmt.Fprintf(w, "  %s\n", p)
			}
		}
	}
	fmt.Fprintf(w, "\nSearch index: %s\n", r.Search)
	fmt.Fprintf(w, "Site size: %s\n", sizeChange(r.Weight.OldTotal, r.Weight.NewTotal))
	if len(r.Weight.Pages) > 0 {
		fmt.Fprintln(w, "Page weight (HTML and the files it loads):")
		for _, p := range r.Weight.Pages {
			fmt.Fprintf(w, "  %s: %s\n", display(p.URL), sizeChange(p.Old, p.New))
		}
	}
}

func (o FormatOptions) link(u string) string {
	if o.LinkBase != "" {
		return strings.TrimSuffix(o.LinkBase, "/") + "/" + u
	}
	return display(u)
}

func (p Problem) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s", p.Path, p.Line, p.Col, p.Severity, p.Message)
}

func (s SearchChange) String() string {
	var parts []string
	if s.Old.Sections >= 0 || s.New.Sections >= 0 {
		parts = append(parts, fmt.Sprintf("%d → %d sections", s.Old.Sections, s.New.Sections))
	}
	parts = append(parts, fmt.Sprintf("%d → %d files", s.Old.Files, s.New.Files), sizeChange(s.Old.Bytes, s.New.Bytes))
	return strings.Join(parts, ", ")
}

// changeLines describes a page's changes, one line each, at most max
// block changes; wdiff marks ([-old-]{+new+}) show what changed within a
// block when inline is set.
func changeLines(c PageChange, max int, inline bool) []string {
	var lines []string
	for i, ch := range c.Changes {
		if i == max {
			lines = append(lines, fmt.Sprintf("… and %d more changes", len(c.Changes)-max))
			break
		}
		switch ch.Op {
		case "added":
			lines = append(lines, "+ "+ch.Kind+": "+clip(ch.Text))
		case "removed":
			lines = append(lines, "- "+ch.Kind+": "+clip(ch.Text))
		default:
			if inline {
				lines = append(lines, "~ "+ch.Kind+": "+inlineDiff(ch.Old, ch.Text))
			} else {
				old, new := trimCommon(ch.Old, ch.Text)
				lines = append(lines, "- "+ch.Kind+": "+old, "+ "+ch.Kind+": "+new)
			}
		}
	}
	for _, l := range c.LinksAdded {
		lines = append(lines, fmt.Sprintf("+ link: %s %q", l.Href, l.Text))
	}
	for _, l := range c.LinksRemoved {
		lines = append(lines, fmt.Sprintf("- link: %s %q", l.Href, l.Text))
	}
	return lines
}

// contextWords is how many unchanged words show around a change.
const contextWords = 6

// wordOp is a run of words kept ('='), removed ('-') or added ('+').
type wordOp struct {
	op    byte
	words []string
}

// wordOps diffs two texts word by word (Myers, as for blocks).
func wordOps(old, new string) []wordOp {
	join := func(s string) string {
		f := strings.Fields(s)
		if len(f) == 0 {
			return ""
		}
		return strings.Join(f, "\n") + "\n"
	}
	dmp := diffmatchpatch.New()
	a, b, words := dmp.DiffLinesToChars(join(old), join(new))
	var ops []wordOp
	for _, d := range dmp.DiffCharsToLines(dmp.DiffMain(a, b, false), words) {
		op := byte('=')
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			op = '-'
		case diffmatchpatch.DiffInsert:
			op = '+'
		}
		ops = append(ops, wordOp{op, strings.Fields(d.Text)})
	}
	return ops
}

// elide shortens a run of unchanged words to its ends near changes: at
// the start, its last contextWords; at the end, its first; between two
// changes, both.
func elide(words []string, first, last bool) string {
	n := contextWords
	switch {
	case first && last || len(words) <= n || !first && !last && len(words) <= 2*n+1:
		return strings.Join(words, " ")
	case first:
		return "… " + strings.Join(words[len(words)-n:], " ")
	case last:
		return strings.Join(words[:n], " ") + " …"
	}
	return strings.Join(words[:n], " ") + " … " + strings.Join(words[len(words)-n:], " ")
}

// render writes a block's change with the unchanged words elided; keep
// says which changed runs to show and how.
func render(ops []wordOp, keep func(op byte, text string) string) string {
	var b strings.Builder
	prev := byte('=')
	for i, o := range ops {
		text := ""
		if o.op == '=' {
			text = elide(o.words, i == 0, i == len(ops)-1)
		} else {
			text = keep(o.op, clip(strings.Join(o.words, " ")))
		}
		if text == "" {
			continue
		}
		// A replacement reads as one: [-old-]{+new+}.
		if b.Len() > 0 && !(prev == '-' && o.op == '+') {
			b.WriteByte(' ')
		}
		b.WriteString(text)
		prev = o.op
	}
	return clipLong(b.String())
}

// inlineDiff shows a block's changed words in place, wdiff style:
// "… the cache is [-cleared-]{+kept+} between builds …".
func inlineDiff(old, new string) string {
	return render(wordOps(old, new), func(op byte, text string) string {
		if op == '-' {
			return "[-" + text + "-]"
		}
		return "{+" + text + "+}"
	})
}

// trimCommon is each side of a changed block with the unchanged words far
// from the changes elided.
func trimCommon(old, new string) (string, string) {
	ops := wordOps(old, new)
	side := func(want byte) func(byte, string) string {
		return func(op byte, text string) string {
			if op == want {
				return text
			}
			return ""
		}
	}
	return render(ops, side('-')), render(ops, side('+'))
}

// clipLong shortens a line showing several changes to four times maxLine.
func clipLong(s string) string {
	r := []rune(s)
	if len(r) <= 4*maxLine {
		return s
	}
	return string(r[:4*maxLine-1]) + "…"
}

// clip shortens text to maxLine characters.
func clip(s string) string {
	r := []rune(s)
	if len(r) <= maxLine {
		return s
	}
	return string(r[:maxLine-1]) + "…"
}

func sizeChange(old, new int64) string {
	d := new - old
	sign := "+"
	if d < 0 {
		sign, d = "−", -d
	}
	if d == 0 {
		return fmt.Sprintf("%s (unchanged)", size(new))
	}
	return fmt.Sprintf("%s → %s (%s%s)", size(old), size(new), sign, size(d))
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// WriteMarkdown writes the report as GitHub-flavoured markdown, for a job
// summary or a pull-request comment: a summary line, the pages in a table,
// each changed page's diff in a folded block.
func WriteMarkdown(w io.Writer, r *Report, o FormatOptions) {
	var b strings.Builder
	fmt.Fprintf(&b, "### Rendered changes\n\n**%s** (`%s` → `%s`)", mdEscape(r.Summary()), r.Old, r.New)
	var extras []string
	if n := len(r.BrokenLinks.Introduced); n > 0 {
		extras = append(extras, fmt.Sprintf("⚠️ %s introduced", plural(n, "broken link", "broken links")))
	}
	if n := len(r.BrokenLinks.Fixed); n > 0 {
		extras = append(extras, fmt.Sprintf("%s fixed", plural(n, "broken link", "broken links")))
	}
	if r.Problems != nil {
		if n := len(r.Problems.Introduced); n > 0 {
			extras = append(extras, fmt.Sprintf("⚠️ %s introduced", plural(n, "problem", "problems")))
		}
		if n := len(r.Problems.Fixed); n > 0 {
			extras = append(extras, fmt.Sprintf("%s fixed", plural(n, "problem", "problems")))
		}
	}
	if len(extras) > 0 {
		b.WriteString(" · " + strings.Join(extras, " · "))
	}
	b.WriteString("\n\n")
	for _, l := range r.failures() {
		fmt.Fprintf(&b, "> [!WARNING]\n> %s\n\n", mdEscape(l))
	}
	if o.Preview != "" {
		fmt.Fprintf(&b, "Preview: [download the built site](%s), unzip it and serve the folder (`python3 -m http.server -d DIR`); the files below are inside it.\n\n", o.Preview)
	}
	if !r.Empty() {
		b.WriteString("| | page | title | file in the preview |\n| --- | --- | --- | --- |\n")
		row := func(mark string, p PageInfo, linked bool) {
			page := "`" + display(p.URL) + "`"
			if linked && o.LinkBase != "" {
				page = fmt.Sprintf("[`%s`](%s)", display(p.URL), o.link(p.URL))
			}
			file := "`" + p.File + "`"
			if !linked {
				file = ""
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", mark, page, mdEscape(p.Title), file)
		}
		for _, p := range r.Added {
			row("added", p, true)
		}
		for _, c := range r.Changed {
			row("changed", c.PageInfo, true)
		}
		for _, p := range r.Removed {
			row("removed", p, false)
		}
		b.WriteString("\n")
	}
	details := func(summary string, body string) {
		fmt.Fprintf(&b, "<details><summary>%s</summary>\n\n%s\n</details>\n\n", summary, body)
	}
	for i, c := range r.Changed {
		body := fence(changeLines(c, o.maxChanges(), false))
		if b.Len()+len(body) > markdownBudget {
			fmt.Fprintf(&b, "… the diffs of %d more changed pages are left out (see the full report in the job summary or with `handbook diff`).\n\n", len(r.Changed)-i)
			break
		}
		details(fmt.Sprintf("<code>%s</code> %s", htmlEscape(display(c.URL)), htmlEscape(c.Title)), body)
	}
	var list []string
	for _, l := range r.BrokenLinks.Introduced {
		list = append(list, fmt.Sprintf("introduced: %s → %s (%s)", display(l.Page), l.Href, l.Problem))
	}
	for _, l := range r.BrokenLinks.Fixed {
		list = append(list, fmt.Sprintf("fixed: %s → %s", display(l.Page), l.Href))
	}
	if len(list) > 0 {
		details("Broken links", fence(list))
	}
	if r.Problems != nil && len(r.Problems.Introduced)+len(r.Problems.Fixed) > 0 {
		list = nil
		for _, p := range r.Problems.Introduced {
			list = append(list, "introduced: "+p.String())
		}
		for _, p := range r.Problems.Fixed {
			list = append(list, "fixed: "+p.String())
		}
		details("Build problems", fence(list))
	}
	fmt.Fprintf(&b, "Search index: %s · site size: %s\n", r.Search, sizeChange(r.Weight.OldTotal, r.Weight.NewTotal))
	if len(r.Weight.Pages) > 0 {
		b.WriteString("\n| page weight | before | after |\n| --- | --- | --- |\n")
		for _, p := range r.Weight.Pages {
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", display(p.URL), size(p.Old), size(p.New))
		}
	}
	_, _ = io.WriteString(w, b.String())
}

// fence puts lines in a diff code block (GitHub colours + and - lines),
// with a fence longer than any backtick run inside.
func fence(lines []string) string {
	ticks := "```"
	for _, l := range lines {
		for strings.Contains(l, ticks) {
			ticks += "`"
		}
	}
	return ticks + "diff\n" + strings.Join(lines, "\n") + "\n" + ticks + "\n"
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`).Replace(s)
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
