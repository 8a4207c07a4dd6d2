package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"handbook/internal/sitetest"
)

const brokenMkDocs = `-- mkdocs.yml --
site_name: Broken
nav:
  - index.md
  - gone.md
-- docs/index.md --
# Home

[missing](missing.md) and [anchor](#nowhere)
-- docs/controls.md --
# Controls
`

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

// An MkDocs project builds with the problems MkDocs warns about as
// warnings; --strict or strict: true make them errors, and the failed
// build's last line says how many, of which kind, and what makes them
// warnings.
func TestBuildFailureNamesTheStrictSetting(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, brokenMkDocs)
	code, _, errOut := run(t, "build", "--source", dir)
	if code != 0 || !strings.Contains(errOut, "docs/index.md:3:1: warning: broken link \"missing.md\"") ||
		!strings.Contains(errOut, "mkdocs.yml:4:1: warning: nav names \"gone.md\"") {
		t.Fatalf("default build: exit %d\n%s", code, errOut)
	}
	code, _, errOut = run(t, "build", "--source", dir, "--strict", "--out", t.TempDir()+"/o")
	want := "build failed: 2 errors (1 broken link, 1 nav entry naming no page); --strict makes link and nav problems errors (without --strict they are warnings); "
	if code != 1 || !strings.HasPrefix(lastLine(errOut), want) {
		t.Errorf("--strict: exit %d, last line\n%s\nwant it to start\n%s", code, lastLine(errOut), want)
	}
	sitetest.WriteTxtar(t, dir, "-- mkdocs.yml --\nsite_name: Broken\nstrict: true\nnav:\n  - index.md\n  - gone.md\n")
	code, _, errOut = run(t, "build", "--source", dir, "--out", t.TempDir()+"/o")
	want = "build failed: 2 errors (1 broken link, 1 nav entry naming no page); strict: true in mkdocs.yml makes link and nav problems errors (--warn-links, or strict: false in mkdocs.yml, makes them warnings); "
	if code != 1 || !strings.HasPrefix(lastLine(errOut), want) {
		t.Errorf("strict: true: exit %d, last line\n%s\nwant it to start\n%s", code, lastLine(errOut), want)
	}
}

// A handbook.yaml project keeps its strict default, and says so.
func TestHandbookBuildFailureNamesItsDefault(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n# Home\n\n[x](missing.md)\n")
	code, _, errOut := run(t, "build", "--source", dir)
	want := "build failed: 1 error (1 broken link); handbook.yaml's default makes link and nav problems errors (--warn-links, or strict: false in handbook.yaml, makes them warnings); "
	if code != 1 || !strings.HasPrefix(lastLine(errOut), want) {
		t.Errorf("exit %d, last line\n%s\nwant it to start\n%s", code, lastLine(errOut), want)
	}
}

// Many warnings of one kind are one line in a build ("150 control
// characters in 2 files"); check lists each.
func TestBuildSummarisesWarningsOfOneKind(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, brokenMkDocs)
	sitetest.WriteFiles(t, dir, map[string][]byte{
		"docs/controls.md": []byte("# Controls\n\n" + strings.Repeat("a\x01b\n", 140)),
		"docs/more.md":     []byte("# More\n\n" + strings.Repeat("\x02\n", 10)),
	})
	code, _, errOut := run(t, "build", "--source", dir)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if strings.Count(errOut, "control character") != 1 ||
		!strings.Contains(errOut, "warning: 150 control characters in 2 files (docs/controls.md, docs/more.md)\n") {
		t.Errorf("control characters not summarised:\n%s", errOut)
	}
	// check lists them, at most diag.MaxPerKind of a kind in a file and a
	// count of the rest.
	_, out, _ := run(t, "check", "--source", dir)
	if n := strings.Count(out, "control character U+"); n != 30 || !strings.Contains(out, ": warning: 120 more control characters in docs/controls.md\n") {
		t.Errorf("check listed %d control characters, want 20 of docs/controls.md, a count of its 120 others, and the 10 of docs/more.md:\n%s", n, out)
	}
}

var annotation = regexp.MustCompile(`^::(error|warning|notice) file=([^,]*),line=(\d+),col=(\d+),title=handbook ([^:]*)::(.*)$`)

// check --format github reports exactly the problems the build reports
// for an MkDocs project: the same places, kinds and messages (notes as
// GitHub's notices), and none of handbook.yaml's extra content rules.
func TestCheckGitHubMatchesTheBuild(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, brokenMkDocs+"-- docs/images.md --\n# Images\n\n![](pic.png)\n\n#### Skipped\n-- docs/pic.png --\nx\n")
	_, _, buildErr := run(t, "build", "--source", dir, "--no-cache")
	var fromBuild []string
	for _, line := range strings.Split(strings.TrimSpace(buildErr), "\n") {
		if m := regexp.MustCompile(`^(.*?):(\d+):(\d+): (?:(warning|info): )?(.*)$`).FindStringSubmatch(line); m != nil {
			sev := m[4]
			if sev == "" {
				sev = "error"
			}
			fromBuild = append(fromBuild, fmt.Sprintf("%s %s:%s:%s %s", sev, m[1], m[2], m[3], m[5]))
		}
	}
	_, out, _ := run(t, "check", "--source", dir, "--format", "github")
	var fromCheck []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		m := annotation.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("not an annotation: %q", line)
		}
		sev := map[string]string{"error": "error", "warning": "warning", "notice": "info"}[m[1]]
		fromCheck = append(fromCheck, fmt.Sprintf("%s %s:%s:%s %s", sev, m[2], m[3], m[4], m[6]))
	}
	sort.Strings(fromBuild)
	sort.Strings(fromCheck)
	if len(fromBuild) < 3 || strings.Join(fromBuild, "\n") != strings.Join(fromCheck, "\n") {
		t.Errorf("build reported\n%s\ncheck reported\n%s", strings.Join(fromBuild, "\n"), strings.Join(fromCheck, "\n"))
	}
}

// Bad input is an error at its place, and nothing is written: a missing
// INHERIT file, a snippet cycle, a snippet outside the base paths.
func TestBadInputWritesNothing(t *testing.T) {
	for name, c := range map[string]struct{ archive, want string }{
		"missing INHERIT": {
			"-- mkdocs.yml --\nsite_name: x\nINHERIT: base/missing.yml\n-- docs/index.md --\n# Home\n",
			"mkdocs.yml:2:10: INHERIT names ",
		},
		"snippet cycle": {
			"-- mkdocs.yml --\nsite_name: x\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: [snips]\n" +
				"-- docs/index.md --\n# Home\n\n--8<-- \"a.md\"\n-- snips/a.md --\nA\n--8<-- \"b.md\"\n-- snips/b.md --\nB\n--8<-- \"a.md\"\n",
			"docs/index.md:3:1: in snippet b.md:2: snippet cycle: a.md → b.md → a.md",
		},
		"snippet outside the base paths": {
			"-- mkdocs.yml --\nsite_name: x\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: [snips]\n" +
				"-- docs/index.md --\n# Home\n\n--8<-- \"../secret.txt\"\n-- secret.txt --\nsecret\n-- snips/ok.md --\nok\n",
			"docs/index.md:3:1: snippet \"../secret.txt\" is outside the base paths",
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			sitetest.WriteTxtar(t, dir, c.archive)
			out := filepath.Join(dir, "site")
			code, _, errOut := run(t, "build", "--source", dir)
			if code != 1 || !strings.Contains(errOut, "\n"+c.want) && !strings.HasPrefix(errOut, c.want) {
				t.Errorf("exit %d, want 1 and %q in\n%s", code, c.want, errOut)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("the output folder was written (%v)", err)
			}
			if strings.Contains(errOut, "secret\n") {
				t.Error("the file outside the base paths was read into the output")
			}
		})
	}
}
