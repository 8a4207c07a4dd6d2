// Package render executes the theme's templates and prepares its assets:
// CSS and JS bundled and fingerprinted, other files copied.
package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"handbook/internal/diag"
	"handbook/internal/par"
	"handbook/internal/srctree"
	"handbook/theme"
)

// Theme is a loaded theme: templates plus the asset files to write.
type Theme struct {
	tmpl  *template.Template
	Files map[string][]byte // output path → bytes (assets/…, vendor/… on demand)
	// vendor lists the vendor/… files, read (see VendorFiles) only when a
	// page needs them: they are megabytes.
	vendor   []string
	vendorFS overlay
	CSS      string // output path of the bundled stylesheet
	JS       string // output path of the bundled script
	// Lazy maps each folder of assets/js (a script loaded on demand, such
	// as "search") to its bundle's output path.
	Lazy map[string]string
	Icon string
	// KindCSS and KindJS map a page kind to its own stylesheet and script
	// (see kinds.go), loaded only by pages of that kind.
	KindCSS, KindJS map[string]string
	// OptionalCSS and OptionalJS map an optional feature to its own
	// stylesheet and script (see kinds.go), loaded by every page of a site
	// with that feature (SiteData.Optional); OptionalFiles are their bytes,
	// which only such a site publishes.
	OptionalCSS, OptionalJS map[string]string
	OptionalFiles           map[string][]byte
	Key                     string // a hash of the templates and asset names: equal keys render equal pages

	// siteOnlyOf tells which templates read only the page's site and root
	// (see partial), whose output parts keeps.
	siteOnlyOf map[string]bool
	parts      siteParts
}

// Has reports whether the theme has a template of this name.
func (t *Theme) Has(name string) bool { return t.tmpl.Lookup(name) != nil }

// overlay reads from the site's theme folder first, then the embedded theme.
type overlay struct {
	top  map[string]string // the site's theme files: slash path → path on disk
	base fs.FS
	// minified are the stylesheets and scripts under assets/, minified
	// (see minifyAll), which the bundles are made of.
	minified map[string][]byte
}

// minifyAll minifies every stylesheet and script under assets/ at once,
// on all CPUs: minifying is most of the time loading the theme takes, and
// what the bundles are made of.
func (o *overlay) minifyAll() {
	var names []string
	for _, name := range o.list("assets") {
		if ext := path.Ext(name); ext == ".css" || ext == ".js" {
			names = append(names, name)
		}
	}
	out := make([][]byte, len(names))
	par.For(len(names), func(i int) {
		if b, err := o.ReadFile(names[i]); err == nil {
			out[i] = minifyFile(path.Ext(names[i]), b)
		}
	})
	o.minified = make(map[string][]byte, len(names))
	for i, name := range names {
		if out[i] != nil {
			o.minified[name] = out[i]
		}
	}
}

func (o overlay) ReadFile(name string) ([]byte, error) {
	if p, ok := o.top[name]; ok {
		if b, err := os.ReadFile(p); err == nil {
			return b, nil
		}
	}
	return fs.ReadFile(o.base, name)
}

// list returns the files under dir in both layers, sorted, without duplicates.
func (o overlay) list(dir string) []string {
	seen := map[string]bool{}
	var out []string
	for name := range o.top {
		if strings.HasPrefix(name, dir+"/") {
			seen[name] = true
			out = append(out, name)
		}
	}
	_ = fs.WalkDir(o.base, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") || seen[p] {
			return nil
		}
		seen[p] = true
		out = append(out, p)
		return nil
	})
	sort.Strings(out)
	return out
}

// siteFiles lists the site's theme folder under the one rule for symbolic
// links (see srctree): a link out of the project folder is reported and
// left out.
func siteFiles(siteTheme, projectDir string) (map[string]string, diag.List) {
	var diags diag.List
	files := map[string]string{}
	if siteTheme == "" {
		return files, nil
	}
	if st, err := os.Stat(siteTheme); err != nil || !st.IsDir() {
		return files, nil
	}
	opts := srctree.Options{Problem: func(rel, msg string) {
		diags.Warnf(filepath.ToSlash(filepath.Join(siteTheme, rel)), 0, 0, "symlink", "%s", msg)
	}}
	if projectDir != "" {
		opts.Within = []string{projectDir}
	}
	l, err := srctree.List(siteTheme, opts)
	if err != nil {
		diags.Errorf(filepath.ToSlash(siteTheme), 0, 0, "theme", "cannot read the theme folder: %v", err)
	}
	for _, f := range l.Files {
		files[f.Rel] = f.Path
	}
	return files, diags
}

// LoadTheme loads the embedded theme with overrides from siteTheme (a
// folder; "" or a missing folder means none) of the project in projectDir,
// the folder its links may lead into.
func LoadTheme(siteTheme, projectDir string) (*Theme, diag.List) {
	top, diags := siteFiles(siteTheme, projectDir)
	o := overlay{top: top, base: theme.FS}
	t := &Theme{Files: map[string][]byte{}}

	tmpl := template.New("").Funcs(funcs).Funcs(template.FuncMap{"partial": t.partial})
	key := sha256.New()
	for _, name := range o.list("templates") {
		if path.Ext(name) != ".html" {
			continue
		}
		src, err := o.ReadFile(name)
		if err != nil {
			diags.Errorf(path.Join("theme", name), 0, 0, "theme", "cannot read template: %v", err)
			continue
		}
		fmt.Fprintf(key, "%s\x00%d\x00", name, len(src))
		key.Write(src)
		if _, err := tmpl.New(path.Base(name)).Parse(string(src)); err != nil {
			diags.Errorf(path.Join("theme", name), templateLine(err), 0, "theme", "template error: %v", err)
		}
	}
	t.tmpl = tmpl
	t.siteOnlyOf = siteOnlyTemplates(tmpl)
	if tmpl.Lookup("page.html") == nil && !diags.HasErrors() {
		diags.Errorf("theme/templates/page.html", 0, 0, "theme", "the theme has no page.html template")
	}

	o.minifyAll()
	t.CSS = t.bundle(o, "assets/css", ".css", "assets/style")
	t.Lazy = t.lazyBundles(o)
	t.JS = t.bundle(o, "assets/js", ".js", "assets/app")
	for _, name := range o.list("assets") {
		if strings.HasPrefix(name, "assets/css/") || strings.HasPrefix(name, "assets/js/") {
			continue
		}
		b, err := o.ReadFile(name)
		if err == nil {
			t.Files[name] = b
		}
	}
	t.bundleKinds(o)
	t.bundleOptional(o)
	t.Icon = "assets/favicon.svg"
	fmt.Fprintf(key, "%s\x00%s\x00%s\x00%s", t.CSS, t.JS, t.Icon, t.kindKey())
	t.Key = hex.EncodeToString(key.Sum(nil))
	for _, name := range o.list("vendor") {
		if path.Base(name) != "README.md" {
			t.vendor = append(t.vendor, name)
		}
	}
	t.vendorFS = overlay{top: o.top, base: o.base}
	return t, diags
}

// lazyBundles bundles each folder of assets/js but kinds/ into
// assets/NAME.<hash>.js: scripts that the page loads when a reader needs
// them (search, previews).
func (t *Theme) lazyBundles(o overlay) map[string]string {
	out := map[string]string{}
	for _, name := range o.list("assets/js") {
		dir := path.Dir(name)
		if dir == "assets/js" || isKindAsset(name) || isOptionalAsset(name) || out[path.Base(dir)] != "" {
			continue
		}
		out[path.Base(dir)] = t.bundle(o, dir, ".js", "assets/"+path.Base(dir))
	}
	return out
}

// lazyTable is the script that tells the page where its lazy bundles are
// (HB_LAZY, read by 00-core.js); it heads the main bundle, so that bundle's
// hash changes whenever one of them does.
func (t *Theme) lazyTable() []byte {
	names := make([]string, 0, len(t.Lazy))
	for n := range t.Lazy {
		names = append(names, n)
	}
	sort.Strings(names)
	var b bytes.Buffer
	b.WriteString("var HB_LAZY={")
	for i, n := range names {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%q:%q", n, t.Lazy[n])
	}
	b.WriteString("};\n")
	return b.Bytes()
}

// bundle concatenates the files directly in dir with the extension ext, in
// name order, into one file named prefix.<hash>ext.
func (t *Theme) bundle(o overlay, dir, ext, prefix string) string {
	var buf bytes.Buffer
	if dir == "assets/js" {
		buf.Write(t.lazyTable())
	}
	for _, name := range o.list(dir) {
		if path.Ext(name) != ext || path.Dir(name) != dir || isKindAsset(name) || isOptionalAsset(name) {
			continue
		}
		b, ok := o.minified[name]
		if !ok {
			continue
		}
		buf.Write(b)
		if !bytes.HasSuffix(b, []byte("\n")) {
			buf.WriteByte('\n')
		}
	}
	sum := sha256.Sum256(buf.Bytes())
	name := prefix + "." + hex.EncodeToString(sum[:])[:10] + ext
	t.Files[name] = buf.Bytes()
	return name
}

func templateLine(err error) int {
	// html/template errors read "template: name:LINE: message".
	var te *template.Error
	if errors.As(err, &te) && te.Line > 0 {
		return te.Line
	}
	msg := err.Error()
	parts := strings.SplitN(msg, ":", 4)
	if len(parts) >= 3 {
		n := 0
		if _, err := fmt.Sscanf(parts[2], "%d", &n); err == nil {
			return n
		}
	}
	return 0
}

// OptionalAssets are the files of the optional features a site has.
func (t *Theme) OptionalAssets(features []string) map[string][]byte {
	files := map[string][]byte{}
	for _, f := range features {
		for _, m := range []map[string]string{t.OptionalCSS, t.OptionalJS} {
			if name, ok := m[f]; ok {
				files[name] = t.OptionalFiles[name]
			}
		}
	}
	return files
}

// VendorFiles are the vendored libraries' files a site needs: Mermaid's
// when a page has a diagram, KaTeX's when one has math, GLightbox's when
// the plugin is on, and never the provenance files.
func (t *Theme) VendorFiles(mermaid, math, glightbox bool) map[string][]byte {
	files := map[string][]byte{}
	for _, name := range t.vendor {
		switch name {
		case "vendor/VERSIONS", "vendor/README.md", "vendor/package.json":
			continue // provenance for maintainers, not for readers
		}
		if strings.HasPrefix(name, "vendor/mermaid/") && !mermaid ||
			strings.HasPrefix(name, "vendor/katex/") && !math ||
			strings.HasPrefix(name, "vendor/glightbox/") && !glightbox {
			continue
		}
		if b, err := t.vendorFS.ReadFile(name); err == nil {
			files[name] = b
		}
	}
	return files
}
