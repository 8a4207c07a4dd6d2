package highlight

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// fenceOptions are the settings a fence's info string carries, in the
// pymdownx.highlight dialect:
//
//	```python title="score.py" linenums="1" hl_lines="2 3-5"
//	``` { .python .no-copy #score title="score.py" data-file="score" }
//	```python { .annotate }
//
// In braces, the first class names the language unless a word before the
// braces did; the other classes, the id and data- attributes go on the
// block's wrapper, as pymdownx puts them (Material reads .copy, .no-copy,
// .annotate, .select and .no-select there).
type fenceOptions struct {
	Lang      string      // first word, or first ".class" in the braces form; "" = none
	Title     string      // title="…": shown in a filename bar; "" = none
	LineStart int         // linenums="N": number lines from N; 0 = no line numbers
	HLLines   [][2]int    // hl_lines="2 3-5": inclusive 1-based ranges, sorted and merged
	ID        string      // #id in braces
	Classes   []string    // the other .classes in braces
	Data      [][2]string // data-*="…" in braces, in order
}

// maxLineNumber bounds line numbers and ranges so arithmetic on them cannot overflow.
const maxLineNumber = 1 << 30

// parseOptions reads a fence info string. It never fails: unknown keys,
// unterminated quotes and bad numbers are ignored.
func parseOptions(info string) fenceOptions {
	var opts fenceOptions
	info = strings.TrimSpace(info)
	braces := strings.HasPrefix(info, "{")
	if !braces {
		// "python { .annotate }": a language, then braces.
		if first, rest, ok := strings.Cut(info, " "); ok && strings.HasPrefix(strings.TrimSpace(rest), "{") && !strings.ContainsAny(first, "{=\"'") {
			opts.Lang = languageName(first)
			info, braces = strings.TrimSpace(rest), true
		}
	}
	words := splitInfo(info)
	for i, w := range words {
		key, value, isPair := splitPair(w)
		switch {
		case isPair && braces && strings.HasPrefix(key, "data-"):
			opts.Data = append(opts.Data, [2]string{key, value})
		case isPair:
			opts.apply(key, value)
		case braces && strings.HasPrefix(w, ".") && opts.Lang == "":
			opts.Lang = languageName(w[1:])
		case braces && strings.HasPrefix(w, ".") && len(w) > 1 && languageName(w[1:]) != "":
			opts.Classes = append(opts.Classes, w[1:])
		case braces && strings.HasPrefix(w, "#") && len(w) > 1 && languageName(w[1:]) != "":
			opts.ID = w[1:]
		case !braces && i == 0:
			opts.Lang = languageName(w)
		}
	}
	opts.HLLines = mergeRanges(opts.HLLines)
	return opts
}

// wrapped reports whether the block needs the highlight wrapper even
// without a language it can highlight.
func (o fenceOptions) wrapped() bool {
	return o.Title != "" || o.LineStart != 0 || len(o.HLLines) != 0 || o.ID != "" || len(o.Classes) != 0 || len(o.Data) != 0
}

// languageName returns w if it can name a language: a quoted word holding
// spaces cannot (it could not be a class name either).
func languageName(w string) string {
	if strings.ContainsFunc(w, unicode.IsSpace) {
		return ""
	}
	return w
}

// apply sets one key="value" option; unknown keys are ignored.
func (o *fenceOptions) apply(key, value string) {
	switch key {
	case "title":
		o.Title = value
	case "linenums":
		// pymdownx accepts "start [step [special]]"; only the start matters here.
		fields := strings.Fields(value)
		if len(fields) > 0 {
			if n, err := strconv.Atoi(fields[0]); err == nil && n > 0 && n <= maxLineNumber {
				o.LineStart = n
			}
		}
	case "hl_lines":
		o.HLLines = append(o.HLLines, parseRanges(value)...)
	}
}

// splitInfo splits an info string into words at whitespace outside quotes,
// dropping the braces of the attribute form and keeping quoted values intact
// (quotes removed). An unterminated quote runs to the end of the string.
func splitInfo(info string) []string {
	info = strings.TrimPrefix(info, "{")
	info = strings.TrimSuffix(info, "}")
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	for _, r := range info {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '"' || r == '\'':
			quote = r
			inWord = true
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

// splitPair splits "key=value" where key is an identifier.
func splitPair(word string) (key, value string, ok bool) {
	i := strings.IndexByte(word, '=')
	if i <= 0 {
		return "", "", false
	}
	for _, r := range word[:i] {
		if !(r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return "", "", false
		}
	}
	return word[:i], word[i+1:], true
}

// parseRanges reads "2 3-5" into [[2 2] [3 5]], skipping malformed items.
func parseRanges(value string) [][2]int {
	var out [][2]int
	for _, item := range strings.FieldsFunc(value, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' }) {
		lo, hi, isRange := strings.Cut(item, "-")
		if !isRange {
			hi = lo
		}
		a, errA := strconv.Atoi(lo)
		b, errB := strconv.Atoi(hi)
		if errA != nil || errB != nil || a < 1 || b < a || b > maxLineNumber {
			continue
		}
		out = append(out, [2]int{a, b})
	}
	return out
}

// mergeRanges sorts ranges and joins overlapping or adjacent ones, so equal
// sets of lines always have one representation.
func mergeRanges(ranges [][2]int) [][2]int {
	if len(ranges) == 0 {
		return nil
	}
	sort.Slice(ranges, func(i, j int) bool { return ranges[i][0] < ranges[j][0] })
	merged := [][2]int{ranges[0]}
	for _, r := range ranges[1:] {
		last := &merged[len(merged)-1]
		if r[0] <= last[1]+1 {
			last[1] = max(last[1], r[1])
			continue
		}
		merged = append(merged, r)
	}
	return merged
}

// highlighted reports whether 1-based line n (counted from the block's first
// line, whatever linenums says, as Pygments does) is in a hl_lines range.
func (o fenceOptions) highlighted(n int) bool {
	i := sort.Search(len(o.HLLines), func(i int) bool { return o.HLLines[i][1] >= n })
	return i < len(o.HLLines) && o.HLLines[i][0] <= n
}

// key is a canonical, unambiguous encoding of everything that changes the
// rendered output except the code itself.
func (o fenceOptions) key() string {
	var b strings.Builder
	b.WriteString(strconv.Quote(o.Lang))
	b.WriteString(strconv.Quote(o.Title))
	b.WriteString(strconv.Itoa(o.LineStart))
	for _, r := range o.HLLines {
		b.WriteString(" " + strconv.Itoa(r[0]) + "-" + strconv.Itoa(r[1]))
	}
	if o.ID != "" || len(o.Classes) != 0 || len(o.Data) != 0 {
		b.WriteString(" #" + strconv.Quote(o.ID))
		for _, c := range o.Classes {
			b.WriteString(" ." + strconv.Quote(c))
		}
		for _, d := range o.Data {
			b.WriteString(" " + strconv.Quote(d[0]) + "=" + strconv.Quote(d[1]))
		}
	}
	return b.String()
}
