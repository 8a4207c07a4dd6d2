package handbooktest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/cli"
)

// TestEditLinksInActions builds the handbook as its Pages workflow does, in
// a simulated GitHub Actions run of a pull request: handbook.yaml names no
// repository, yet every page links to its source on the default branch, and
// the header links to the repository.
func TestEditLinksInActions(t *testing.T) {
	tmp := t.TempDir()
	event := filepath.Join(tmp, "event.json")
	payload := `{"action":"synchronize","pull_request":{"head":{"ref":"fix-typo"}},"repository":{"full_name":"acme/interview-handbook","default_branch":"main"}}`
	if err := os.WriteFile(event, []byte(payload), 0o644); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{
		"GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/interview-handbook",
		"GITHUB_EVENT_PATH": event, "GITHUB_EVENT_NAME": "pull_request", "GITHUB_HEAD_REF": "fix-typo", "GITHUB_BASE_REF": "main",
		"GITHUB_REF_NAME": "7/merge",
	} {
		t.Setenv(k, v)
	}
	out := filepath.Join(tmp, "public")
	var stdout, stderr bytes.Buffer
	if code := cli.Run([]string{"build", "--source", "../..", "--out", out, "--no-cache"}, &stdout, &stderr); code != 0 {
		t.Fatalf("build exit %d: %s", code, stderr.String())
	}
	const repo = "https://github.com/acme/interview-handbook"
	for _, p := range handbook.Site.Pages {
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p.OutPath)))
		if err != nil {
			t.Errorf("%s: %v", p.Src, err)
			continue
		}
		html := string(b)
		for _, want := range []string{
			`<a class="hb-edit" href="` + repo + `/edit/main/content/` + p.Src + `">Edit this page</a>`,
			`<a class="hb-view" href="` + repo + `/blob/main/content/` + p.Src + `">View source</a>`,
			`<a class="hb-repo" href="` + repo + `"`,
		} {
			if !strings.Contains(html, want) {
				t.Errorf("%s lacks %s", p.OutPath, want)
			}
		}
		if strings.Contains(html, "fix-typo") {
			t.Errorf("%s links to the pull request's branch", p.OutPath)
		}
	}
}
