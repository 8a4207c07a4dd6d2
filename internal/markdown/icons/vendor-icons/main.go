// Command vendor-icons writes the icon sets that handbook bundles (those of
// Material for MkDocs and Zensical) into internal/markdown/icons/data: one
// compressed pack per set (see package iconpack), the package's licence
// files beside it, and VERSIONS naming what was taken from where.
//
// Each npm package is fetched at the exact version pinned below with
// `npm pack`, and its tarball must match the pinned integrity hash, so a
// run today and a run next year write the same bytes. Material's own logo
// icon comes from Debian's mkdocs-material package (apt-get download,
// pinned by version and sha256; dpkg-deb unpacks it).
//
//	go run ./internal/markdown/icons/vendor-icons           # rewrite the vendored files
//	go run ./internal/markdown/icons/vendor-icons --check   # fail if they differ from a fresh run
//	go run ./internal/markdown/icons/vendor-icons --tarballs DIR   # use DIR/*.tgz instead of npm
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"handbook/internal/markdown/icons/iconpack"
)

// source is one pinned npm package and how its files become a set.
type source struct {
	set       string // shortcode prefix and folder name: material, octicons…
	pkg       string
	version   string
	integrity string // the registry's sha512 of the tarball
	// dirs maps folders inside the package to the name prefix of the icons
	// they hold ("" for none): svgs/brands/x.svg is fontawesome-brands-x.
	dirs     map[string]string
	licences []string // files copied beside the pack
}

// sources are the sets Material for MkDocs bundles in .icons/ (with the
// folders its build copies them from) and Zensical's lucide set.
var sources = []source{
	{
		set: "material", pkg: "@mdi/svg", version: "7.4.47",
		integrity: "sha512-WQ2gDll12T9WD34fdRFgQVgO8bag3gavrAgJ0frN4phlwdJARpE6gO1YvLEMJR0KKgoc+/Ea/A0Pp11I00xBvw==",
		dirs:      map[string]string{"svg": ""}, licences: []string{"LICENSE"},
	},
	{
		set: "octicons", pkg: "@primer/octicons", version: "19.42.0",
		integrity: "sha512-MEcHxVxNHu1I2Ndk5Mcwp7tfBiDk/EpytDJgKOfE2ldqIczWucVrZNeNU4wtEN5mnNudZ0YL5G0spax3bSMT4w==",
		dirs:      map[string]string{"build/svg": ""}, licences: []string{"LICENSE"},
	},
	{
		set: "fontawesome", pkg: "@fortawesome/fontawesome-free", version: "7.3.1",
		integrity: "sha512-wmglKKPDIkgV3aWlZzWECCPoGIkYCulzBwxG9+w7rc5BGapZ6cPMpoPOT8k36J0Ni7PPX6c/rsoMWfS4d1MUMg==",
		dirs:      map[string]string{"svgs/brands": "brands-", "svgs/regular": "regular-", "svgs/solid": "solid-"},
		licences:  []string{"LICENSE.txt"},
	},
	{
		set: "simple", pkg: "simple-icons", version: "16.37.0",
		integrity: "sha512-8mCJIhpMYOL9g13GW59EiL3sVXJnTEKGCTZFaekl9UQ3Qo0SwVjnLaJ82QiaH8BKBdouEDzrHMXIWh8cBIy48A==",
		dirs:      map[string]string{"icons": ""}, licences: []string{"LICENSE.md", "DISCLAIMER.md"},
	},
	{
		set: "lucide", pkg: "lucide-static", version: "1.62.0",
		integrity: "sha512-WBZA/m2PvkFpMGHDtsBck5P2A9G4ehLlYu4GwwICcmEm1BvYVgj00lCDxKRWLlbMlOibLaiwdQ88G5pHkSWgwA==",
		dirs:      map[string]string{"icons": ""}, licences: []string{"LICENSE"},
	},
}

func main() {
	check := flag.Bool("check", false, "write to a temporary folder and fail if the vendored files differ")
	out := flag.String("out", "internal/markdown/icons/data", "folder to write (relative to the repository root)")
	tarballs := flag.String("tarballs", "", "folder holding the packages' .tgz and .deb files (default: fetch them with npm pack and apt-get download)")
	flag.Parse()
	if err := run(*out, *tarballs, *check); err != nil {
		fmt.Fprintln(os.Stderr, "vendor-icons:", err)
		os.Exit(1)
	}
}

func run(out, tarballs string, check bool) error {
	if root, err := repoRoot(); err == nil && !filepath.IsAbs(out) {
		out = filepath.Join(root, out)
	}
	if tarballs == "" {
		tmp, err := os.MkdirTemp("", "vendor-icons-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		if err := fetch(tmp); err != nil {
			return err
		}
		if err := fetchDeb(materialTheme, tmp); err != nil {
			return err
		}
		tarballs = tmp
	}
	dest := out
	if check {
		tmp, err := os.MkdirTemp("", "vendor-icons-check-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dest = tmp
	}
	if err := vendor(sources, []debSource{materialTheme}, tarballs, dest); err != nil {
		return err
	}
	if check {
		if diffs := compareDirs(out, dest); len(diffs) > 0 {
			return fmt.Errorf("%s differs from a fresh run:\n  %s\nrun go run ./internal/markdown/icons/vendor-icons to update it", out, strings.Join(diffs, "\n  "))
		}
		fmt.Printf("%s matches a fresh run of the pinned packages\n", out)
		return nil
	}
	fmt.Printf("vendored %d icon sets into %s\n", len(sources), out)
	return nil
}

func repoRoot() (string, error) {
	b, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}").Output()
	return strings.TrimSpace(string(b)), err
}

// tarballName is the file npm pack writes for a package.
func tarballName(s source) string {
	return strings.NewReplacer("@", "", "/", "-").Replace(s.pkg) + "-" + s.version + ".tgz"
}

// fetch downloads the pinned tarballs into dir with the npm client.
func fetch(dir string) error {
	args := []string{"pack", "--silent", "--pack-destination", dir}
	for _, s := range sources {
		args = append(args, s.pkg+"@"+s.version)
	}
	cmd := exec.Command("npm", args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm pack: %w", err)
	}
	return nil
}

func integrity(data []byte) string {
	sum := sha512.Sum512(data)
	return "sha512-" + base64.StdEncoding.EncodeToString(sum[:])
}

// vendor writes every set from the packages in dir into dest.
func vendor(sources []source, debs []debSource, dir, dest string) error {
	var versions bytes.Buffer
	versions.WriteString("# Icon sets bundled into handbook, written by internal/markdown/icons/vendor-icons: do not edit.\n")
	versions.WriteString("# set\tpackage@version\ticons\tintegrity of the package file\n")
	for _, s := range sources {
		tgz, err := os.ReadFile(filepath.Join(dir, tarballName(s)))
		if err != nil {
			return err
		}
		if got := integrity(tgz); got != s.integrity {
			return fmt.Errorf("%s@%s: tarball integrity %s, want the pinned %s", s.pkg, s.version, got, s.integrity)
		}
		icons, licences, err := readPackage(s, tgz)
		if err != nil {
			return fmt.Errorf("%s@%s: %w", s.pkg, s.version, err)
		}
		if err := os.MkdirAll(filepath.Join(dest, s.set), 0o755); err != nil {
			return err
		}
		var pack bytes.Buffer
		if err := iconpack.Write(&pack, icons); err != nil {
			return fmt.Errorf("%s: %w", s.set, err)
		}
		if err := os.WriteFile(filepath.Join(dest, s.set, "icons.pack"), pack.Bytes(), 0o644); err != nil {
			return err
		}
		for name, text := range licences {
			if err := os.WriteFile(filepath.Join(dest, s.set, name), text, 0o644); err != nil {
				return err
			}
		}
		fmt.Fprintf(&versions, "%s\t%s@%s\t%d\t%s\n", s.set, s.pkg, s.version, len(icons), s.integrity)
	}
	for _, d := range debs {
		line, err := vendorDeb(d, dir, dest)
		if err != nil {
			return err
		}
		versions.WriteString(line)
	}
	return os.WriteFile(filepath.Join(dest, "VERSIONS"), versions.Bytes(), 0o644)
}

// readPackage reads a package tarball: the icons of the set's folders,
// cleaned, and the licence files.
func readPackage(s source, tgz []byte) ([]iconpack.Icon, map[string][]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return nil, nil, err
	}
	tr := tar.NewReader(zr)
	var icons []iconpack.Icon
	licences := map[string][]byte{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		// npm tarballs put everything under package/.
		name := strings.TrimPrefix(h.Name, "package/")
		dir, file := path.Split(name)
		dir = strings.TrimSuffix(dir, "/")
		if prefix, ok := s.dirs[dir]; ok && strings.HasSuffix(file, ".svg") {
			data, err := io.ReadAll(tr)
			if err != nil {
				return nil, nil, err
			}
			svg, err := cleanSVG(data)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %w", name, err)
			}
			icons = append(icons, iconpack.Icon{Name: prefix + strings.TrimSuffix(file, ".svg"), SVG: svg})
			continue
		}
		for _, l := range s.licences {
			if name == l {
				if licences[l], err = io.ReadAll(tr); err != nil {
					return nil, nil, err
				}
			}
		}
	}
	for _, l := range s.licences {
		if licences[l] == nil {
			return nil, nil, fmt.Errorf("no %s in the package", l)
		}
	}
	if len(icons) == 0 {
		return nil, nil, errors.New("no icons found")
	}
	return icons, licences, nil
}

// compareDirs lists the files that differ between want and got.
func compareDirs(want, got string) []string {
	files := map[string]bool{}
	for _, root := range []string{want, got} {
		_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(root, p)
				files[rel] = true
			}
			return nil
		})
	}
	names := make([]string, 0, len(files))
	for f := range files {
		names = append(names, f)
	}
	sort.Strings(names)
	var diffs []string
	for _, f := range names {
		a, errA := os.ReadFile(filepath.Join(want, f))
		b, errB := os.ReadFile(filepath.Join(got, f))
		switch {
		case errA != nil:
			diffs = append(diffs, f+": missing from the vendored files")
		case errB != nil:
			diffs = append(diffs, f+": not written by a fresh run")
		case !bytes.Equal(a, b):
			diffs = append(diffs, f+": differs")
		}
	}
	return diffs
}
