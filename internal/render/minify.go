package render

import (
	"bytes"
	"strings"
)

// minifyCSS removes comments and indentation from a stylesheet. It tracks
// quoted strings, so "/*" inside a string (a data: URL) is left alone.
func minifyCSS(src []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(src))
	var quote byte
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case quote != 0:
			out.WriteByte(c)
			if c == '\\' && i+1 < len(src) {
				i++
				out.WriteByte(src[i])
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
			out.WriteByte(c)
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := bytes.Index(src[i+2:], []byte("*/"))
			if end < 0 {
				return out.Bytes()
			}
			i += end + 3
		default:
			out.WriteByte(c)
		}
	}
	return trimLines(out.Bytes(), nil)
}

// minifyJS removes whole-line comments and indentation from a script. It
// keeps every line break (so automatic semicolon insertion is unchanged)
// and never looks inside a line, where "//" may be part of a string.
func minifyJS(src []byte) []byte {
	inBlock := false
	return trimLines(src, func(line string) bool {
		if inBlock {
			if strings.Contains(line, "*/") {
				inBlock = false
				return !strings.HasSuffix(line, "*/")
			}
			return false
		}
		if strings.HasPrefix(line, "//") {
			return false
		}
		if strings.HasPrefix(line, "/*") {
			if !strings.Contains(line, "*/") {
				inBlock = true
				return false
			}
			return !strings.HasSuffix(line, "*/")
		}
		return true
	})
}

// trimLines trims each line and drops empty ones and those keep rejects.
func trimLines(src []byte, keep func(string) bool) []byte {
	var out bytes.Buffer
	out.Grow(len(src))
	for _, line := range strings.Split(string(src), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || keep != nil && !keep(line) {
			continue
		}
		out.WriteString(line)
		out.WriteByte('\n')
	}
	return out.Bytes()
}
