package cache

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// ProgramID is the Go build ID when the executable has one: the same for
// every build of the same source, unlike the executable's path or time.
func TestProgramIDIsTheGoBuildID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	want := strings.TrimSpace(string(out))
	if runtime.GOOS != "linux" {
		t.Skip("the build ID is read from ELF executables only")
	}
	if got := ProgramID(); got != "go:"+want {
		t.Fatalf("ProgramID() = %q, want go:%s", got, want)
	}
}
