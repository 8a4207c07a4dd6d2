package gitinfo

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Commit times of the fixture repository, newest last.
var (
	january  = time.Date(2024, 1, 10, 9, 0, 0, 0, time.UTC)
	february = time.Date(2024, 2, 20, 10, 30, 0, 0, time.UTC)
	march    = time.Date(2024, 3, 5, 23, 59, 59, 0, time.UTC)
	april    = time.Date(2024, 4, 1, 8, 0, 0, 0, time.UTC)
)

const nonASCIIName = "content/experiences/l6 café – résumé.md"

// isolateGit keeps the developer's git configuration out of the tests.
func isolateGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_AUTHOR_NAME", "Test")
	t.Setenv("GIT_AUTHOR_EMAIL", "test@example.invalid")
	t.Setenv("GIT_COMMITTER_NAME", "Test")
	t.Setenv("GIT_COMMITTER_EMAIL", "test@example.invalid")
}

func runGit(t *testing.T, dir string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func writeFile(t *testing.T, root, name, content string) {
	t.Helper()
	full := filepath.Join(root, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// commitAll commits every change with the committer date `when` and an author
// date a year earlier, so a test notices if author dates were used instead.
func commitAll(t *testing.T, dir string, when time.Time, message string) {
	t.Helper()
	env := []string{
		"GIT_COMMITTER_DATE=" + when.Format(time.RFC3339),
		"GIT_AUTHOR_DATE=" + when.AddDate(-1, 0, 0).Format(time.RFC3339),
	}
	runGit(t, dir, nil, "add", "-A")
	runGit(t, dir, env, "commit", "-q", "-m", message)
}

// fixtureRepo builds a repository with four commits:
//
//	January:  README.md, content/index.md, content/old-name.md,
//	          content/guides/deep/nested.md, the non-ASCII file
//	February: content/index.md edited
//	March:    content/old-name.md renamed to content/experiences/new-name.md
//	April:    README.md and content/guides/deep/nested.md edited
func fixtureRepo(t *testing.T) string {
	t.Helper()
	isolateGit(t)
	dir := t.TempDir()
	runGit(t, dir, nil, "init", "-q", "-b", "main")
	writeFile(t, dir, "README.md", "readme\n")
	writeFile(t, dir, "content/index.md", "# Home\n")
	writeFile(t, dir, "content/old-name.md", "# Moving\n")
	writeFile(t, dir, "content/guides/deep/nested.md", "# Nested\n")
	writeFile(t, dir, nonASCIIName, "# Café\n")
	commitAll(t, dir, january, "first")
	writeFile(t, dir, "content/index.md", "# Home, edited\n")
	commitAll(t, dir, february, "edit index")
	runGit(t, dir, nil, "mv", "content/old-name.md", "content/experiences/new-name.md")
	commitAll(t, dir, march, "rename")
	writeFile(t, dir, "README.md", "readme, edited\n")
	writeFile(t, dir, "content/guides/deep/nested.md", "# Nested, edited\n")
	commitAll(t, dir, april, "edit nested")
	return dir
}

func TestLastModifiedWholeRepository(t *testing.T) {
	repo := fixtureRepo(t)
	got, err := LastModified(repo)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{
		"README.md":                       april,
		"content/index.md":                february,
		"content/guides/deep/nested.md":   april,
		"content/experiences/new-name.md": march,
		// The rename is a deletion of the old name, so it carries the same date.
		"content/old-name.md": march,
		nonASCIIName:          january,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LastModified =\n%v\nwant\n%v", got, want)
	}
}

func TestLastModifiedLimitedToPaths(t *testing.T) {
	repo := fixtureRepo(t)
	got, err := LastModified(repo, "content/experiences", "README.md")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{
		"README.md":                       april,
		"content/experiences/new-name.md": march,
		nonASCIIName:                      january,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LastModified =\n%v\nwant\n%v", got, want)
	}
}

func TestLastModifiedFromSubfolderKeysStayRootRelative(t *testing.T) {
	repo := fixtureRepo(t)
	got, err := LastModified(filepath.Join(repo, "content", "guides"), "deep")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{"content/guides/deep/nested.md": april}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LastModified =\n%v\nwant\n%v", got, want)
	}
}

func TestLastModifiedPathsAreLiteralNotGlobs(t *testing.T) {
	repo := fixtureRepo(t)
	got, err := LastModified(repo, "content/*.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Errorf("a literal path that does not exist matched %v", got)
	}
}

func TestContentDatesKeyedRelativeToContentDir(t *testing.T) {
	repo := fixtureRepo(t)
	got, err := ContentDates(filepath.Join(repo, "content"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{
		"index.md":                february,
		"guides/deep/nested.md":   april,
		"experiences/new-name.md": march,
		"old-name.md":             march,
		strings.TrimPrefix(nonASCIIName, "content/"): january,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ContentDates =\n%v\nwant\n%v", got, want)
	}
}

func TestContentDatesAtRepositoryRoot(t *testing.T) {
	repo := fixtureRepo(t)
	got, err := ContentDates(repo)
	if err != nil {
		t.Fatal(err)
	}
	if got["README.md"] != april || got["content/index.md"] != february || len(got) != 6 {
		t.Errorf("ContentDates at the root = %v", got)
	}
}

func TestOneRevParseAndOneLogForTheWholeSite(t *testing.T) {
	repo := fixtureRepo(t)
	realGit, _ := exec.LookPath("git")
	wrapperDir := t.TempDir()
	calls := filepath.Join(wrapperDir, "calls")
	script := "#!/bin/sh\necho x >> '" + calls + "'\nexec '" + realGit + "' \"$@\"\n"
	if err := os.WriteFile(filepath.Join(wrapperDir, "git"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", wrapperDir)
	got, err := ContentDates(filepath.Join(repo, "content"))
	if err != nil || len(got) != 5 {
		t.Fatalf("ContentDates = %v, %v", got, err)
	}
	log, err := os.ReadFile(calls)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(log), "x"); n != 2 {
		t.Errorf("git ran %d times for the whole site, want 2 (rev-parse + log)", n)
	}
}

func TestNoDatesOutsideARepository(t *testing.T) {
	isolateGit(t)
	dir := t.TempDir()
	// Stop git's upward search at the temporary folder, whatever contains it.
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	writeFile(t, dir, "page.md", "# Page\n")
	assertEmpty(t, dir)
}

func TestNoDatesInARepositoryWithoutCommits(t *testing.T) {
	isolateGit(t)
	dir := t.TempDir()
	runGit(t, dir, nil, "init", "-q")
	writeFile(t, dir, "page.md", "# Page\n")
	assertEmpty(t, dir)
}

func TestNoDatesInAShallowClone(t *testing.T) {
	repo := fixtureRepo(t)
	clone := filepath.Join(t.TempDir(), "clone")
	runGit(t, repo, nil, "clone", "-q", "--depth", "1", "file://"+filepath.ToSlash(repo), clone)
	assertEmpty(t, clone)
}

func TestNoDatesWithoutGit(t *testing.T) {
	repo := fixtureRepo(t)
	t.Setenv("PATH", t.TempDir())
	assertEmpty(t, repo)
}

func TestNoDatesForAMissingFolder(t *testing.T) {
	isolateGit(t)
	assertEmpty(t, filepath.Join(t.TempDir(), "does-not-exist"))
}

func assertEmpty(t *testing.T, dir string) {
	t.Helper()
	got, err := LastModified(dir)
	if err != nil || len(got) != 0 {
		t.Errorf("LastModified(%s) = %v, %v; want an empty map and no error", dir, got, err)
	}
	got, err = ContentDates(dir)
	if err != nil || len(got) != 0 {
		t.Errorf("ContentDates(%s) = %v, %v; want an empty map and no error", dir, got, err)
	}
}

func TestRelativeTo(t *testing.T) {
	times := map[string]time.Time{
		"content/a.md":     january,
		"content/sub/b.md": february,
		"contentious.md":   march,
		"README.md":        april,
	}
	want := map[string]time.Time{"a.md": january, "sub/b.md": february}
	for _, dir := range []string{"content", "content/", "./content", "/content"} {
		if got := RelativeTo(times, dir); !reflect.DeepEqual(got, want) {
			t.Errorf("RelativeTo(%q) = %v, want %v", dir, got, want)
		}
	}
	for _, root := range []string{"", "."} {
		if got := RelativeTo(times, root); !reflect.DeepEqual(got, times) {
			t.Errorf("RelativeTo(%q) = %v, want everything", root, got)
		}
	}
}

func TestParseLog(t *testing.T) {
	// Newest first: a merge and an empty commit (no names), then commits
	// with names; a name may contain spaces, newlines and non-ASCII.
	out := "\x00300\x00" + // merge commit: no file list
		"\x00200\x00\nb.md\x00dir/é x.md\x00" +
		"\x00150\x00" + // empty commit
		"\x00100\x00\na.md\x00b.md\x00odd\nname.md\x00"
	got, err := parseLog(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{
		"b.md":         time.Unix(200, 0).UTC(),
		"dir/é x.md":   time.Unix(200, 0).UTC(),
		"a.md":         time.Unix(100, 0).UTC(),
		"odd\nname.md": time.Unix(100, 0).UTC(),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseLog =\n%q\nwant\n%q", got, want)
	}
}

func TestParseLogRejectsMalformedOutput(t *testing.T) {
	for _, out := range []string{
		"\x00not-a-time\x00\na.md\x00",
		"\x00100\x00\na.md", // truncated: last name has no terminator
	} {
		if _, err := parseLog(strings.NewReader(out)); err == nil {
			t.Errorf("parseLog(%q) accepted malformed output", out)
		}
	}
}

func FuzzParseLog(f *testing.F) {
	f.Add([]byte("\x00100\x00\na.md\x00b.md\x00"))
	f.Add([]byte("\x00300\x00\x00200\x00\nb.md\x00"))
	f.Add([]byte("a.md\x00"))
	f.Add([]byte("\x00\x00\x00"))
	f.Add([]byte("\x00-9223372036854775808\x00\n\x00"))
	f.Fuzz(func(t *testing.T, out []byte) {
		times, err := parseLog(strings.NewReader(string(out)))
		if err == nil {
			for name := range times {
				if name == "" {
					t.Errorf("empty file name recorded from %q", out)
				}
			}
		}
	})
}
