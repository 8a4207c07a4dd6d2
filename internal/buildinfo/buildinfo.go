// Package buildinfo says which handbook this is: the version, commit and
// build date a release stamps in at link time
//
//	go build -ldflags "-X handbook/internal/buildinfo.Version=v1.2.3 -X handbook/internal/buildinfo.Commit=abc… -X handbook/internal/buildinfo.Date=2026-01-02T03:04:05Z"
//
// and, for a plain go build or go install, what the Go toolchain recorded
// (the module version, the VCS revision and commit time).
package buildinfo

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Set at link time by .ci/release.sh and the Dockerfile.
var (
	Version = ""
	Commit  = ""
	Date    = ""
)

// Info is what `handbook version` prints.
type Info struct {
	Version, Commit, Date string
	Modified              bool // built from a working tree with uncommitted changes
	GoVersion, Platform   string
}

// Read returns the stamped values, filled in from the Go build info where
// they were not stamped.
func Read() Info {
	i := Info{Version: Version, Commit: Commit, Date: Date, GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		if i.Version == "" {
			i.Version = "dev"
		}
		return i
	}
	vcs := map[string]string{}
	for _, s := range bi.Settings {
		vcs[s.Key] = s.Value
	}
	if i.Commit == "" {
		i.Commit = vcs["vcs.revision"]
		i.Modified = vcs["vcs.modified"] == "true"
	}
	if i.Date == "" {
		i.Date = vcs["vcs.time"]
	}
	if i.Version == "" {
		switch {
		case bi.Main.Version != "" && bi.Main.Version != "(devel)":
			i.Version = bi.Main.Version
		case len(i.Commit) >= 12:
			i.Version = "dev-" + i.Commit[:12]
		default:
			i.Version = "dev"
		}
	}
	return i
}

// Short is the version alone.
func (i Info) Short() string { return i.Version }

// String is the version line: "v1.2.3 (commit 0123456789ab, built 2026-01-02T03:04:05Z, go1.26.8 linux/amd64)".
func (i Info) String() string {
	s := i.Version + " ("
	if i.Commit != "" {
		c := i.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		if i.Modified {
			c += "+changes"
		}
		s += "commit " + c + ", "
	}
	if i.Date != "" {
		s += "built " + i.Date + ", "
	}
	return s + fmt.Sprintf("%s %s)", i.GoVersion, i.Platform)
}
