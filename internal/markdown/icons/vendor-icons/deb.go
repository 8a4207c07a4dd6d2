package main

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// debSource is a Debian package that files are taken from as they are.
type debSource struct {
	set     string // folder in the data directory
	pkg     string
	version string
	sha256  string            // of the .deb, as Debian's package index gives it
	files   map[string]string // path in the package → file name in the folder
}

// materialTheme holds the icon Material keeps at the top of its own
// .icons folder, outside any set: logo, Material for MkDocs' logo
// (theme.icon.logo: logo). No npm package has it; Debian's mkdocs-material
// package does, with the project's MIT licence in its copyright file.
var materialTheme = debSource{
	set: "theme", pkg: "mkdocs-material", version: "8.2.5-1",
	sha256: "69ffa3a0323de177870d341894cf08bccaad6831ca4ad40c74d3ef9fd575a753",
	files: map[string]string{
		"./usr/share/mkdocs/themes/material/.icons/logo.svg": "logo.svg",
		"./usr/share/doc/mkdocs-material/copyright":          "copyright",
	},
}

func debName(d debSource) string {
	return d.pkg + "_" + strings.ReplaceAll(d.version, ":", "%3a") + "_all.deb"
}

// fetchDeb downloads the pinned package into dir with apt-get.
func fetchDeb(d debSource, dir string) error {
	// Run as root, apt would hand the download to its _apt user, who
	// cannot write into a private temporary folder: keep it as the caller.
	cmd := exec.Command("apt-get", "download", "-q", "-o", "APT::Sandbox::User=root", d.pkg+"="+d.version)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("apt-get download %s=%s (run apt-get update first?): %w", d.pkg, d.version, err)
	}
	return nil
}

// vendorDeb copies the package's files into dest/SET and returns its
// VERSIONS line.
func vendorDeb(d debSource, dir, dest string) (string, error) {
	path := filepath.Join(dir, debName(d))
	deb, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(deb)
	if got := hex.EncodeToString(sum[:]); got != d.sha256 {
		return "", fmt.Errorf("%s: sha256 %s, want the pinned %s", debName(d), got, d.sha256)
	}
	// dpkg-deb unpacks the data archive, whatever its compression.
	out, err := exec.Command("dpkg-deb", "--fsys-tarfile", path).Output()
	if err != nil {
		return "", fmt.Errorf("dpkg-deb --fsys-tarfile %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Join(dest, d.set), 0o755); err != nil {
		return "", err
	}
	found, icons := 0, 0
	tr := tar.NewReader(bytes.NewReader(out))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		name, ok := d.files[h.Name]
		if !ok || h.Typeflag != tar.TypeReg {
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(dest, d.set, name), data, 0o644); err != nil {
			return "", err
		}
		found++
		if strings.HasSuffix(name, ".svg") {
			icons++
		}
	}
	if found != len(d.files) {
		return "", fmt.Errorf("%s: found %d of the %d files wanted", debName(d), found, len(d.files))
	}
	return fmt.Sprintf("%s\t%s@%s (Debian)\t%d\tsha256:%s\n", d.set, d.pkg, d.version, icons, d.sha256), nil
}
