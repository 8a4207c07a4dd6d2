package render

import (
	"bytes"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"
)

// minifier minifies the theme's stylesheets and scripts with
// tdewolff/minify (the minifier Hugo uses), which parses them: comments in
// strings and template literals, regular expressions and line breaks that
// automatic semicolon insertion needs are all kept right.
var minifier = func() *minify.M {
	m := minify.New()
	m.Add("text/css", &css.Minifier{})
	m.Add("text/javascript", &js.Minifier{})
	return m
}()

// minifyAsset minifies one CSS or JS file (mediatype "text/css" or
// "text/javascript"). A file the parser rejects is kept as it is, so a
// syntax error shows in the browser where it is, not as a missing file.
func minifyAsset(mediatype string, src []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(src))
	if err := minifier.Minify(mediatype, &out, bytes.NewReader(src)); err != nil {
		return src
	}
	return out.Bytes()
}

// minifyFile minifies one theme file by its extension (.css or .js). A
// script ends with ";": the minifier drops a file's last semicolon, and the
// next file of a bundle would continue its statement ("})()" then
// "(function").
func minifyFile(ext string, b []byte) []byte {
	if ext == ".css" {
		return minifyAsset("text/css", b)
	}
	b = bytes.TrimSpace(minifyAsset("text/javascript", b))
	if len(b) > 0 && !bytes.HasSuffix(b, []byte(";")) {
		b = append(b, ';')
	}
	return b
}
