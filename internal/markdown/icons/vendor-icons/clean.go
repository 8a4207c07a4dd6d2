package main

import (
	"bytes"
	"fmt"
	"regexp"
)

// rootAttrs says what happens to each attribute of a source file's <svg>
// element: kept (it changes how the icon is drawn) or dropped (a fixed
// size would stop CSS sizing the icon; ids would repeat on a page using an
// icon twice; role and class mean nothing once inlined). An attribute not
// listed stops the run, so a new package version cannot slip one through.
var rootAttrs = map[string]bool{
	"viewBox": true, "fill": true, "fill-rule": true, "clip-rule": true,
	"stroke": true, "stroke-width": true, "stroke-linecap": true, "stroke-linejoin": true,
	"xmlns": false, "width": false, "height": false, "id": false, "class": false,
	"role": false, "version": false,
}

// shapes are the elements an icon may contain.
var shapes = map[string]bool{
	"path": true, "circle": true, "ellipse": true, "line": true, "rect": true,
	"polygon": true, "polyline": true, "g": true,
}

var (
	attrRe    = regexp.MustCompile(`\s+([A-Za-z_:][-\w:.]*)="([^"<>]*)"`)
	dropRe    = regexp.MustCompile(`(?s)<title>.*?</title>|<desc>.*?</desc>|<!--[^!].*?-->`)
	elementRe = regexp.MustCompile(`<([A-Za-z][-\w]*)`)
	spaceRe   = regexp.MustCompile(`\s+`)
	gapRe     = regexp.MustCompile(`>\s+<`)
	closeRe   = regexp.MustCompile(`\s+(/?>)`)
)

// cleanSVG returns an icon file as the single <svg> element Material for
// MkDocs inlines: xmlns and viewBox first, then the attributes that draw
// it, and its shapes with whitespace between tags removed. Comments go,
// except those starting <!--! (Font Awesome's licence notice, which its
// licence asks to keep with each icon), and so do titles (a page's text,
// not the icon's, describes what it shows).
func cleanSVG(src []byte) ([]byte, error) {
	start := bytes.Index(src, []byte("<svg"))
	if start < 0 {
		return nil, fmt.Errorf("no <svg> element")
	}
	if rest := dropRe.ReplaceAll(src[:start], nil); len(bytes.TrimSpace(rest)) > 0 && !bytes.HasPrefix(bytes.TrimSpace(rest), []byte("<?xml")) {
		return nil, fmt.Errorf("unexpected content before <svg>: %.40q", rest)
	}
	tagEnd := bytes.IndexByte(src[start:], '>')
	end := bytes.LastIndex(src, []byte("</svg>"))
	if tagEnd < 0 || end < start+tagEnd || len(bytes.TrimSpace(src[end+len("</svg>"):])) > 0 {
		return nil, fmt.Errorf("not a single <svg> element")
	}
	tag := src[start+len("<svg") : start+tagEnd]
	if bytes.HasSuffix(tag, []byte("/")) {
		return nil, fmt.Errorf("empty <svg/>")
	}

	var out bytes.Buffer
	out.WriteString(`<svg xmlns="http://www.w3.org/2000/svg"`)
	var viewBox []byte
	var kept bytes.Buffer
	for _, m := range attrRe.FindAllSubmatch(tag, -1) {
		name, value := string(m[1]), m[2]
		keep, known := rootAttrs[name]
		switch {
		case !known:
			return nil, fmt.Errorf("unexpected attribute %s on <svg>", name)
		case name == "xmlns" && string(value) != "http://www.w3.org/2000/svg":
			return nil, fmt.Errorf("unexpected xmlns %q", value)
		case name == "viewBox":
			viewBox = value
		case keep:
			fmt.Fprintf(&kept, ` %s="%s"`, name, value)
		}
	}
	if len(bytes.TrimSpace(attrRe.ReplaceAll(tag, nil))) > 0 {
		return nil, fmt.Errorf("cannot read the attributes of <svg%s>", tag)
	}
	if viewBox == nil {
		return nil, fmt.Errorf("<svg> without viewBox")
	}
	fmt.Fprintf(&out, ` viewBox="%s"%s>`, viewBox, kept.Bytes())

	body := dropRe.ReplaceAll(src[start+tagEnd+1:end], nil)
	for _, m := range elementRe.FindAllSubmatch(body, -1) {
		if !shapes[string(m[1])] {
			return nil, fmt.Errorf("unexpected element <%s>", m[1])
		}
	}
	body = spaceRe.ReplaceAll(body, []byte(" "))
	body = gapRe.ReplaceAll(body, []byte("><"))
	body = closeRe.ReplaceAll(body, []byte("$1"))
	out.Write(bytes.TrimSpace(body))
	out.WriteString("</svg>")
	return out.Bytes(), nil
}
