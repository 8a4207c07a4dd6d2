package cfgtree

import (
	"regexp"
	"strconv"
	"strings"
)

// plainYAML: text that reads back as the same string when written plain,
// in a block or in a flow sequence ("[a, b]"): a letter, / or _ first,
// then letters, digits, spaces and punctuation that has no meaning inside
// a plain scalar (no ",", ":", "#", brackets or quotes that would start
// one).
var plainYAML = regexp.MustCompile(`^[\p{L}_/][\p{L}\p{N} _./()'&+!?-]*$`)

// yamlKeywords are plain scalars YAML would read as something other than a string.
var yamlKeywords = map[string]bool{
	"true": true, "false": true, "yes": true, "no": true, "on": true, "off": true,
	"y": true, "n": true, "null": true, "~": true,
}

// QuoteYAML writes s as a YAML scalar: plain when that reads back as the
// same string, double-quoted (with escapes) otherwise. Used by handbook
// import and handbook new.
func QuoteYAML(s string) string {
	if plainYAML.MatchString(s) && !strings.HasSuffix(s, " ") && !yamlKeywords[strings.ToLower(s)] {
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return s
		}
	}
	return strconv.Quote(s)
}
