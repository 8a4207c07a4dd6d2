package mdhtml

import (
	"bytes"
	"strings"
)

// blockTags are the elements whose content md_in_html parses as blocks
// given markdown or markdown="1"; spanTags those it parses as inline text.
// markdown="block" and markdown="span" ask for either on any of them.
var (
	blockTags = map[string]bool{
		"article": true, "aside": true, "blockquote": true, "details": true,
		"dialog": true, "div": true, "dl": true, "fieldset": true,
		"figcaption": true, "figure": true, "footer": true, "form": true,
		"header": true, "hgroup": true, "main": true, "nav": true, "ol": true,
		"section": true, "ul": true,
	}
	spanTags = map[string]bool{
		"address": true, "dd": true, "dt": true, "h1": true, "h2": true, "h3": true,
		"h4": true, "h5": true, "h6": true, "legend": true, "li": true, "p": true,
		"summary": true, "td": true, "th": true,
	}
)

// openingTag is a parsed opening tag carrying the markdown attribute.
type openingTag struct {
	name    string // lowercased
	cleaned []byte // the tag without the markdown attribute
	span    bool   // its content is inline text
	end     int    // the offset after the tag
}

// parseOpeningTag parses `<name attr… markdown…>` at the start of line. It
// succeeds for the elements md_in_html fills: a block element only when
// nothing but spaces follows the tag on the line, a span one also with its
// text (and closing tag) on the line.
func parseOpeningTag(line []byte) (openingTag, bool) {
	if len(line) < 2 || line[0] != '<' {
		return openingTag{}, false
	}
	nameEnd := 1
	for nameEnd < len(line) && isNameByte(line[nameEnd]) {
		nameEnd++
	}
	name := strings.ToLower(string(line[1:nameEnd]))
	if !blockTags[name] && !spanTags[name] {
		return openingTag{}, false
	}
	tagEnd, markdown, mode, ok := scanAttributes(line, nameEnd)
	if !ok || markdown.start < 0 {
		return openingTag{}, false
	}
	span := mode == "span" || mode == "" && spanTags[name]
	if !span && !isBlankLine(line[tagEnd:]) {
		return openingTag{}, false
	}
	cleaned := append(append([]byte{}, line[:markdown.start]...), line[markdown.end:tagEnd]...)
	return openingTag{name: name, cleaned: cleaned, span: span, end: tagEnd}, true
}

// span is a byte range; start is -1 when absent.
type span struct{ start, end int }

// scanAttributes walks the attributes of a tag from line[i:] to its closing
// '>' and returns the index after it, the span of its markdown attribute
// (with its leading whitespace) and the mode it asks for: "" (the
// element's own), "block" or "span".
func scanAttributes(line []byte, i int) (int, span, string, bool) {
	markdown, mode := span{-1, -1}, ""
	for {
		spaceStart := i
		i = skipSpace(line, i)
		if i >= len(line) {
			return 0, markdown, mode, false
		}
		if line[i] == '>' {
			return i + 1, markdown, mode, true
		}
		if line[i] == '/' && i+1 < len(line) && line[i+1] == '>' {
			return 0, markdown, mode, false // a self-closing element has no content
		}
		if i == spaceStart {
			return 0, markdown, mode, false // attributes must be separated by space
		}
		name, value, end, ok := scanAttribute(line, i)
		if !ok {
			return 0, markdown, mode, false
		}
		if strings.EqualFold(string(name), "markdown") {
			var known bool
			if mode, known = markdownMode(value); !known {
				return 0, markdown, mode, false
			}
			markdown = span{spaceStart, end}
		}
		i = end
	}
}

// scanAttribute reads `name`, `name=value`, `name="value"` or
// `name='value'` at line[i:].
func scanAttribute(line []byte, i int) (name, value []byte, end int, ok bool) {
	start := i
	for i < len(line) && !isSpaceByte(line[i]) && !bytes.ContainsRune([]byte(`"'>/=`), rune(line[i])) {
		i++
	}
	if i == start {
		return nil, nil, 0, false
	}
	name = line[start:i]
	j := skipSpace(line, i)
	if j >= len(line) || line[j] != '=' {
		return name, nil, i, true
	}
	j = skipSpace(line, j+1)
	if j >= len(line) {
		return nil, nil, 0, false
	}
	if quote := line[j]; quote == '"' || quote == '\'' {
		closing := bytes.IndexByte(line[j+1:], quote)
		if closing < 0 {
			return nil, nil, 0, false
		}
		return name, line[j+1 : j+1+closing], j + 2 + closing, true
	}
	k := j
	for k < len(line) && !isSpaceByte(line[k]) && !bytes.ContainsRune([]byte("\"'=<>`"), rune(line[k])) {
		k++
	}
	if k == j {
		return nil, nil, 0, false
	}
	return name, line[j:k], k, true
}

// markdownMode is the mode a markdown attribute's value asks for: "" (no
// value, "1" or "markdown": the element's own), "block" or "span"; known
// is false for any other ("0" among them: the element stays raw HTML).
func markdownMode(value []byte) (mode string, known bool) {
	switch v := strings.ToLower(string(value)); v {
	case "", "1", "markdown":
		return "", true
	case "block", "span":
		return v, true
	}
	return "", false
}

// scanTags counts the opening and closing tags named name in line, updating
// depth, and returns the offset of the closing tag that brings depth to 0
// and the offset after it, or -1.
func scanTags(line []byte, name string, depth *int) (closeStart, closeEnd int) {
	for i := 0; i < len(line); i++ {
		if line[i] != '<' {
			continue
		}
		closing := i+1 < len(line) && line[i+1] == '/'
		nameStart := i + 1
		if closing {
			nameStart++
		}
		if !hasTagName(line[nameStart:], name) {
			continue
		}
		end := tagEnd(line, nameStart+len(name))
		switch {
		case closing:
			*depth--
			if *depth == 0 {
				return i, end
			}
		case end < 0 || line[end-2] != '/':
			*depth++
		}
	}
	return -1, -1
}

// hasTagName reports whether b starts with name (ASCII case-insensitively)
// followed by the end of the name.
func hasTagName(b []byte, name string) bool {
	if len(b) < len(name) || !strings.EqualFold(string(b[:len(name)]), name) {
		return false
	}
	return len(b) == len(name) || !isNameByte(b[len(name)])
}

// tagEnd returns the offset after the '>' ending the tag whose name ends at
// line[i], or -1 if another '<' or the end of the line comes first. Stopping
// at '<' keeps the scan of a whole line linear.
func tagEnd(line []byte, i int) int {
	for ; i < len(line); i++ {
		switch line[i] {
		case '>':
			return i + 1
		case '<':
			return -1
		}
	}
	return -1
}

func isNameByte(c byte) bool {
	return c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

func skipSpace(line []byte, i int) int {
	for i < len(line) && isSpaceByte(line[i]) {
		i++
	}
	return i
}

func isBlankLine(b []byte) bool {
	return skipSpace(b, 0) == len(b)
}
