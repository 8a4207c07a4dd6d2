package blog

import (
	"strconv"
	"strings"
	"time"
)

// FormatDate formats t as Material does with Babel: "full", "long",
// "medium" and "short" (in English), or a date pattern of y, M, d and E
// fields ("yyyy/MM/dd", "MMMM yyyy"); text in single quotes is literal.
func FormatDate(t time.Time, format string) string {
	switch format {
	case "full":
		return t.Format("Monday, January 2, 2006")
	case "long":
		return t.Format("January 2, 2006")
	case "medium":
		return t.Format("Jan 2, 2006")
	case "short":
		return t.Format("1/2/06")
	}
	var b strings.Builder
	for i := 0; i < len(format); {
		c := format[i]
		if c == '\'' {
			j := strings.IndexByte(format[i+1:], '\'')
			if j < 0 {
				b.WriteString(format[i+1:])
				break
			}
			b.WriteString(format[i+1 : i+1+j])
			i += j + 2
			continue
		}
		n := 1
		for i+n < len(format) && format[i+n] == c {
			n++
		}
		b.WriteString(field(t, c, n))
		i += n
	}
	return b.String()
}

// field is one date pattern field: letter c repeated n times.
func field(t time.Time, c byte, n int) string {
	pad := func(v, w int) string {
		s := strconv.Itoa(v)
		for len(s) < w {
			s = "0" + s
		}
		return s
	}
	switch c {
	case 'y':
		if n == 2 {
			return pad(t.Year()%100, 2)
		}
		return pad(t.Year(), n)
	case 'M', 'L':
		switch {
		case n >= 4:
			return t.Month().String()
		case n == 3:
			return t.Month().String()[:3]
		}
		return pad(int(t.Month()), n)
	case 'd':
		return pad(t.Day(), n)
	case 'E':
		if n >= 4 {
			return t.Weekday().String()
		}
		return t.Weekday().String()[:3]
	}
	return strings.Repeat(string(c), n)
}
