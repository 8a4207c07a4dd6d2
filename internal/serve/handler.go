package serve

import (
	"bytes"
	_ "embed"
	"html"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
)

// liveJS is the client of the event stream, injected into pages only by the
// preview server; it is never part of the built site.
//
//go:embed live.js
var liveJS []byte

// apiDir is where, under the base path, the server's own endpoints live.
const apiDir = "__handbook/"

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.hostAllowed(r) {
		http.Error(w, "this preview server answers only to localhost names (see handbook serve --host)", http.StatusMisdirectedRequest)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if s.base != "/" && (p == "/" || p == strings.TrimSuffix(s.base, "/")) {
		http.Redirect(w, r, escapePath(s.base), http.StatusFound)
		return
	}
	if !strings.HasPrefix(p, s.base) {
		s.serveNotFound(w, r, "")
		return
	}
	rel := p[len(s.base):]
	if name, ok := strings.CutPrefix(rel, apiDir); ok {
		s.serveAPI(w, r, name)
		return
	}
	st := s.state.Load()
	if !st.built {
		s.serveFirstBuildFailed(w, r, st, pageKey(rel))
		return
	}
	key, redirect, found := resolve(st.files, rel)
	switch {
	case redirect:
		target := escapePath(s.base + key + "/")
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusFound)
	case found:
		s.serveFile(w, r, http.StatusOK, key, st.files[key], key, st.hashes[key])
	default:
		s.serveNotFound(w, r, rel)
	}
}

// resolve maps a request path below the base (already percent-decoded once
// by net/http) to a key of files. Everything is a map lookup after
// path.Clean, so no request can reach outside the built site. redirect
// reports that key is a folder with an index.html, asked for without the
// trailing slash.
func resolve(files map[string][]byte, rel string) (key string, redirect, found bool) {
	if strings.ContainsAny(rel, "\x00\\") {
		return "", false, false
	}
	clean := cleanRel(rel)
	if rel == "" || strings.HasSuffix(rel, "/") {
		key = indexOf(clean)
		_, found = files[key]
		return key, false, found
	}
	if _, ok := files[clean]; ok {
		return clean, false, true
	}
	if _, ok := files[indexOf(clean)]; ok && clean != "" {
		return clean, true, true
	}
	return "", false, false
}

// cleanRel cleans a relative slash path; the result has no leading slash and
// no ".." element ("" is the site root).
func cleanRel(rel string) string {
	return strings.TrimPrefix(path.Clean("/"+rel), "/")
}

func indexOf(dir string) string {
	if dir == "" {
		return "index.html"
	}
	return dir + "/index.html"
}

// pageKey is the file a request path would show if it existed: pages that do
// not exist yet still learn when they appear.
func pageKey(rel string) string {
	if strings.ContainsAny(rel, "\x00\\") {
		return ""
	}
	clean := cleanRel(rel)
	if rel == "" || strings.HasSuffix(rel, "/") || path.Ext(clean) == "" {
		return indexOf(clean)
	}
	return clean
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, name string) {
	if (name == "events" || name == "status") && !s.originAllowed(r) {
		http.Error(w, "cross-origin requests to the preview server's endpoints are refused", http.StatusForbidden)
		return
	}
	switch name {
	case "live.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(liveJS))
	case "events":
		s.serveEvents(w, r)
	case "status":
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(mustJSON(s.status(r.URL.Query().Get("page"))))
	default:
		http.NotFound(w, r)
	}
}

// serveFile answers with body; HTML gets the live-reload script, telling it
// which page it is (page) and which version of it (hash, "" if none).
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, status int, name string, body []byte, page, hash string) {
	h := w.Header()
	h.Set("Content-Type", contentType(name))
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	if isHTML(name) {
		body = injectBeforeBodyEnd(body, s.liveTag(page, hash))
	}
	if status == http.StatusOK {
		h.Set("ETag", strconv.Quote(hash))
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// notFoundPage stands in for a site without a 404.html.
const notFoundPage = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>\n" +
	"<body><h1>Not found</h1><p>There is no page at this address.</p></body></html>\n"

func (s *Server) serveNotFound(w http.ResponseWriter, r *http.Request, rel string) {
	st := s.state.Load()
	body, ok := st.files["404.html"]
	if !ok {
		body = []byte(notFoundPage)
	}
	s.serveFile(w, r, http.StatusNotFound, "404.html", body, pageKey(rel), "")
}

// serveFirstBuildFailed answers every request while no build has succeeded
// yet: a page listing the problems, which the live script also shows and
// which reloads itself once a build succeeds.
func (s *Server) serveFirstBuildFailed(w http.ResponseWriter, r *http.Request, st *site, page string) {
	var b strings.Builder
	b.WriteString("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">" +
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Build failed</title></head>\n" +
		"<body style=\"font-family: system-ui, sans-serif; margin: 2rem\"><h1>The site could not be built</h1>\n" +
		"<p>Fix the problems below and save: this page reloads by itself.</p>\n<ul>\n")
	for _, p := range st.problems {
		b.WriteString("<li><code>" + html.EscapeString(p.Location) + "</code> " + html.EscapeString(p.Message) + "</li>\n")
	}
	b.WriteString("</ul>\n</body></html>\n")
	s.serveFile(w, r, http.StatusServiceUnavailable, "index.html", []byte(b.String()), page, "")
}

// liveTag is the script element injected into served HTML.
func (s *Server) liveTag(page, hash string) []byte {
	base := escapePath(s.base)
	return []byte(`<script src="` + html.EscapeString(base+apiDir+"live.js") +
		`" data-hb-base="` + html.EscapeString(base) +
		`" data-hb-page="` + html.EscapeString(page) +
		`" data-hb-hash="` + html.EscapeString(hash) + `" defer></script>`)
}

func escapePath(p string) string { return (&url.URL{Path: p}).EscapedPath() }

// injectBeforeBodyEnd inserts tag before the last "</body>" (any ASCII case),
// or appends it when there is none.
func injectBeforeBodyEnd(page, tag []byte) []byte {
	at := lastIndexASCIIFold(page, "</body")
	if at < 0 {
		at = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:at]...)
	out = append(out, tag...)
	return append(out, page[at:]...)
}

// lastIndexASCIIFold finds the last occurrence of the lower-case ASCII needle
// in s, ignoring ASCII case. (bytes.ToLower could change lengths on UTF-8
// input and shift the offsets.)
func lastIndexASCIIFold(s []byte, needle string) int {
	for i := len(s) - len(needle); i >= 0; i-- {
		if matchASCIIFold(s[i:i+len(needle)], needle) {
			return i
		}
	}
	return -1
}

func matchASCIIFold(s []byte, lower string) bool {
	for j := 0; j < len(lower); j++ {
		c := s[j]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[j] {
			return false
		}
	}
	return true
}

// contentTypes fixes the types of the files a site has, so responses do not
// depend on the machine's mime tables.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".map":         "application/json",
	".xml":         "application/xml",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/markdown; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/x-icon",
	".woff":        "font/woff",
	".woff2":       "font/woff2",
	".ttf":         "font/ttf",
	".otf":         "font/otf",
	".pdf":         "application/pdf",
	".wasm":        "application/wasm",
	".webmanifest": "application/manifest+json",
}

func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}
