package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/markdown/icons/iconpack"
)

const faNotice = `<!--! Font Awesome Free 7.3.1 by @fontawesome - https://fontawesome.com License - https://fontawesome.com/license/free (Icons: CC BY 4.0, Fonts: SIL OFL 1.1, Code: MIT License) Copyright 2026 Fonticons, Inc. -->`

// TestCleanSVG: a file of each package, as published, and what it becomes.
func TestCleanSVG(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"mdi",
			`<svg xmlns="http://www.w3.org/2000/svg" id="mdi-minus" viewBox="0 0 24 24"><path d="M19,13H5V11H19V13Z" /></svg>`,
			`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M19,13H5V11H19V13Z"/></svg>`},
		{"octicons",
			`<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16"><path d="M2 7.75A.75.75 0 0 1 2.75 7h10a.75.75 0 0 1 0 1.5h-10A.75.75 0 0 1 2 7.75Z"/></svg>`,
			`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M2 7.75A.75.75 0 0 1 2.75 7h10a.75.75 0 0 1 0 1.5h-10A.75.75 0 0 1 2 7.75Z"/></svg>`},
		{"octicons with a root fill and newlines",
			"<svg width=\"16\" height=\"16\" viewBox=\"0 0 16 16\" fill=\"none\" xmlns=\"http://www.w3.org/2000/svg\">\n<path d=\"M15 10.2V2.2\" fill=\"currentColor\"/>\n</svg>\n",
			`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" fill="none"><path d="M15 10.2V2.2" fill="currentColor"/></svg>`},
		{"fontawesome keeps its notice",
			`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 448 512">` + faNotice + `<path fill="currentColor" d="M0 256c0-17.7 14.3-32 32-32z"/></svg>`,
			`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 448 512">` + faNotice + `<path fill="currentColor" d="M0 256c0-17.7 14.3-32 32-32z"/></svg>`},
		{"simple-icons loses role and title",
			`<svg role="img" viewBox="0 0 24 24" xmlns="http://www.w3.org/2000/svg"><title>AT&amp;T</title><path d="M24 24H0V0h24L12 12Z"/></svg>`,
			`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M24 24H0V0h24L12 12Z"/></svg>`},
		{"lucide keeps its strokes, loses its licence comment and class",
			"<!-- @license lucide-static v1.62.0 - ISC -->\n<svg\n  class=\"lucide lucide-house\"\n  xmlns=\"http://www.w3.org/2000/svg\"\n  width=\"24\"\n  height=\"24\"\n  viewBox=\"0 0 24 24\"\n  fill=\"none\"\n  stroke=\"currentColor\"\n  stroke-width=\"2\"\n  stroke-linecap=\"round\"\n  stroke-linejoin=\"round\"\n>\n  <path d=\"M15 21v-8a1 1 0 0 0-1-1h-4\" />\n  <rect width=\"18\" height=\"18\" x=\"3\" y=\"3\" rx=\"2\" />\n</svg>\n",
			`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M15 21v-8a1 1 0 0 0-1-1h-4"/><rect width="18" height="18" x="3" y="3" rx="2"/></svg>`},
		{"xml declaration",
			"<?xml version=\"1.0\"?>\n<svg viewBox=\"0 0 1 1\"><g><path d=\"M0 0\"/></g></svg>",
			`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><g><path d="M0 0"/></g></svg>`},
	} {
		got, err := cleanSVG([]byte(c.in))
		if err != nil || string(got) != c.want {
			t.Errorf("%s:\n got  %s (%v)\n want %s", c.name, got, err, c.want)
		}
	}
}

// TestCleanSVGRejects: anything the rules do not know stops the run.
func TestCleanSVGRejects(t *testing.T) {
	for _, in := range []string{
		``,
		`<svg viewBox="0 0 1 1"><path d="M0 0"/></svg><svg viewBox="0 0 1 1"></svg>`,
		`<svg viewBox="0 0 1 1" onload="x()"><path d="M0 0"/></svg>`,
		`<svg viewBox='0 0 1 1'><path d="M0 0"/></svg>`,
		`<svg><path d="M0 0"/></svg>`,
		`<svg viewBox="0 0 1 1"><script>x()</script></svg>`,
		`<svg viewBox="0 0 1 1"><text>x</text></svg>`,
		`<svg viewBox="0 0 1 1"/>`,
		`<svg xmlns="http://example.com/" viewBox="0 0 1 1"></svg>`,
		`text <svg viewBox="0 0 1 1"></svg>`,
		`<svg viewBox="0 0 1 1"></svg> text`,
		`<svg viewBox="0 0 1 1">`,
	} {
		if got, err := cleanSVG([]byte(in)); err == nil {
			t.Errorf("cleanSVG(%q) = %q, want an error", in, got)
		}
	}
}

// tgz builds an npm-style package tarball.
func tgz(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for name, body := range files {
		if err := tw.WriteHeader(&tar.Header{Name: "package/" + name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestVendor runs the whole pipeline on a made-up package: the pack holds
// its icons, the licence lands beside it, a second run writes the same
// bytes, and the comparison --check makes notices a changed file.
func TestVendor(t *testing.T) {
	pkg := tgz(t, map[string]string{
		"LICENSE":           "the licence text",
		"svgs/solid/a.svg":  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><path d="M0 0"/></svg>`,
		"svgs/brands/b.svg": `<svg viewBox="0 0 2 2" width="2"><path d="M1 1"/></svg>`,
		"svgs/other/c.svg":  `<svg viewBox="0 0 3 3"></svg>`,
		"README.md":         "not copied",
	})
	src := source{set: "demo", pkg: "@x/demo", version: "1.2.3", integrity: integrity(pkg),
		dirs:     map[string]string{"svgs/solid": "solid-", "svgs/brands": "brands-"},
		licences: []string{"LICENSE"}}
	in := t.TempDir()
	if err := os.WriteFile(filepath.Join(in, tarballName(src)), pkg, 0o644); err != nil {
		t.Fatal(err)
	}
	first, second := t.TempDir(), t.TempDir()
	for _, out := range []string{first, second} {
		if err := vendor([]source{src}, nil, in, out); err != nil {
			t.Fatal(err)
		}
	}
	if diffs := compareDirs(first, second); len(diffs) != 0 {
		t.Errorf("two runs differ: %v", diffs)
	}
	data, err := os.ReadFile(filepath.Join(first, "demo", "icons.pack"))
	if err != nil {
		t.Fatal(err)
	}
	p := iconpack.New(string(data))
	if got := strings.Join(p.Names(), " "); got != "brands-b solid-a" {
		t.Errorf("icons %q", got)
	}
	if svg, _ := p.Lookup("brands-b"); svg != `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2"><path d="M1 1"/></svg>` {
		t.Errorf("brands-b = %q", svg)
	}
	if lic, _ := os.ReadFile(filepath.Join(first, "demo", "LICENSE")); string(lic) != "the licence text" {
		t.Errorf("LICENSE = %q", lic)
	}
	versions, _ := os.ReadFile(filepath.Join(first, "VERSIONS"))
	if !strings.Contains(string(versions), "demo\t@x/demo@1.2.3\t2\tsha512-") {
		t.Errorf("VERSIONS:\n%s", versions)
	}

	if err := os.WriteFile(filepath.Join(second, "demo", "LICENSE"), []byte("edited"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(second, "stray"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	diffs := compareDirs(first, second)
	if strings.Join(diffs, "; ") != "demo/LICENSE: differs; stray: missing from the vendored files" {
		t.Errorf("diffs = %q", diffs)
	}

	src.integrity = "sha512-AAAA"
	if err := vendor([]source{src}, nil, in, t.TempDir()); err == nil || !strings.Contains(err.Error(), "integrity") {
		t.Errorf("a tarball not matching its pinned hash was used: %v", err)
	}
}

func TestTarballNames(t *testing.T) {
	for _, s := range sources {
		if s.version == "" || !strings.HasPrefix(s.integrity, "sha512-") {
			t.Errorf("%s: not pinned", s.pkg)
		}
	}
	if got := tarballName(source{pkg: "@fortawesome/fontawesome-free", version: "7.3.1"}); got != "fortawesome-fontawesome-free-7.3.1.tgz" {
		t.Errorf("tarballName = %q", got)
	}
}

// TestVendorDeb takes files from a Debian package built here with
// dpkg-deb, checked against its pinned hash.
func TestVendorDeb(t *testing.T) {
	if _, err := exec.LookPath("dpkg-deb"); err != nil {
		t.Skip("dpkg-deb not installed (a Debian tool)")
	}
	root := t.TempDir()
	for name, body := range map[string]string{
		"DEBIAN/control":                 "Package: demo\nVersion: 1.0-1\nArchitecture: all\nMaintainer: x <x@example.com>\nDescription: demo\n",
		"usr/share/demo/.icons/logo.svg": "<svg viewBox=\"0 0 1 1\">\n  <path d=\"M0 0\"/>\n</svg>\n",
		"usr/share/doc/demo/copyright":   "License: MIT\n",
	} {
		p := filepath.Join(root, "pkg", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d := debSource{set: "theme", pkg: "demo", version: "1.0-1", files: map[string]string{
		"./usr/share/demo/.icons/logo.svg": "logo.svg", "./usr/share/doc/demo/copyright": "copyright"}}
	deb := filepath.Join(root, debName(d))
	if out, err := exec.Command("dpkg-deb", "--root-owner-group", "--build", filepath.Join(root, "pkg"), deb).CombinedOutput(); err != nil {
		t.Fatalf("dpkg-deb --build: %v\n%s", err, out)
	}
	data, _ := os.ReadFile(deb)
	sum := sha256.Sum256(data)
	d.sha256 = hex.EncodeToString(sum[:])
	out := t.TempDir()
	line, err := vendorDeb(d, root, out)
	if err != nil {
		t.Fatal(err)
	}
	if line != "theme\tdemo@1.0-1 (Debian)\t1\tsha256:"+d.sha256+"\n" {
		t.Errorf("VERSIONS line %q", line)
	}
	if logo, _ := os.ReadFile(filepath.Join(out, "theme", "logo.svg")); string(logo) != "<svg viewBox=\"0 0 1 1\">\n  <path d=\"M0 0\"/>\n</svg>\n" {
		t.Errorf("logo.svg = %q", logo)
	}
	d.sha256 = strings.Repeat("0", 64)
	if _, err := vendorDeb(d, root, t.TempDir()); err == nil || !strings.Contains(err.Error(), "sha256") {
		t.Errorf("a package not matching its pinned hash was used: %v", err)
	}
	d.files["./usr/share/demo/missing.svg"] = "missing.svg"
	d.sha256 = hex.EncodeToString(sum[:])
	if _, err := vendorDeb(d, root, t.TempDir()); err == nil {
		t.Error("a missing file was not reported")
	}
}
