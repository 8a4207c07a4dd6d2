package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// ciTool returns the path of a file installed by `npm ci` in .ci/ (see
// .ci/package.json). It is skipped locally when absent, and fails in CI.
func ciTool(t *testing.T, rel string) string {
	t.Helper()
	p, _ := filepath.Abs(filepath.Join("../../.ci/node_modules", rel))
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s missing: .ci/run installs it with npm ci in .ci/", p)
		}
		t.Skipf("%s missing: run npm ci in .ci/ to install the quality-gate tools", p)
	}
	return p
}

func needJava(t *testing.T) string {
	t.Helper()
	java, err := exec.LookPath("java")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("java not found: .ci/run installs default-jre-headless")
		}
		t.Skip("java not found: the Nu HTML checker needs it")
	}
	return java
}
