package render

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestMinifyCSS(t *testing.T) {
	in := "/* header */\n.a {\n  color: red; /* why */\n  background: url(\"data:x/*y*/\");\n}\n\n"
	got := string(minifyAsset("text/css", []byte(in)))
	if strings.Contains(got, "header") || strings.Contains(got, "why") || !strings.Contains(got, `data:x/*y*/`) || !strings.Contains(got, "color:red") {
		t.Errorf("got %q", got)
	}
}

// The hand-written minifier this replaces turned "/* a\n b */ x" into
// "b */ x" and deleted lines starting with "//" inside template literals.
// Each case is run in node (when installed) to compare what the original
// and the minified script print.
func TestMinifyJSKeepsMeaning(t *testing.T) {
	cases := map[string]string{
		"block comment ending mid-line":     "/* a\n b */ var x = 1;\nconsole.log(x);\n",
		"// line inside a template literal": "var s = `first\n// not a comment\n  indented`;\nconsole.log(s);\n",
		"/* inside a template literal":      "var s = `a\n/* b\n*/ c`;\nconsole.log(s);\n",
		"// inside a string":                "var u = \"http://x\"; // a comment\nconsole.log(u);\n",
		"automatic semicolon insertion":     "var a = 1\nvar b = a\n++a\nconsole.log(a, b)\n",
		"regular expression with slashes":   "var r = /\\/\\/ x/g;\nconsole.log('a // x'.replace(r, 'y'));\n",
		"division and comment on one line":  "var x = 6 / 3 // two\nconsole.log(x)\n",
	}
	node, _ := exec.LookPath("node")
	for name, src := range cases {
		got := string(minifyAsset("text/javascript", []byte(src)))
		if strings.Contains(got, "b */") || strings.Contains(got, "// a comment") {
			t.Errorf("%s: a comment is left or cut wrong: %q", name, got)
		}
		if strings.Contains(src, "not a comment") && !strings.Contains(got, "// not a comment") {
			t.Errorf("%s: the template literal lost a line: %q", name, got)
		}
		if node == "" {
			continue
		}
		if want, have := runJS(t, node, src), runJS(t, node, got); want != have {
			t.Errorf("%s: prints %q minified, %q before (minified: %q)", name, have, want, got)
		}
	}
	if node == "" {
		t.Log("node is not installed: the cases were checked by their text only")
	}
}

func runJS(t *testing.T, node, src string) string {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "*.js")
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(src)
	f.Close()
	out, err := exec.Command(node, f.Name()).CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s\n%s", err, src, out)
	}
	return string(out)
}

// A script the parser rejects is kept as written.
func TestMinifyKeepsWhatItCannotParse(t *testing.T) {
	in := "function (\n"
	if got := string(minifyAsset("text/javascript", []byte(in))); got != in {
		t.Errorf("got %q", got)
	}
}

// The bundle of several scripts runs each of them: the minifier drops a
// file's last semicolon, which made "})()" and the next file's
// "(function" one call.
func TestBundledScriptsStaySeparate(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	dir := t.TempDir()
	for name, src := range map[string]string{
		"assets/js/10-a.js": "(function () {\n  console.log('a');\n})();\n",
		"assets/js/20-b.js": "(function () {\n  console.log('b');\n})();\n",
		"assets/js/30-c.js": "var c = function () { return 'c' }\n",
		"assets/js/40-d.js": "(function () { console.log(c()) })()\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	th := &Theme{Files: map[string][]byte{}}
	top, _ := siteFiles(dir, "")
	o := overlay{top: top, base: fstest.MapFS{}}
	o.minifyAll()
	name := th.bundle(o, "assets/js", ".js", "assets/app")
	bundle := string(th.Files[name])
	if got := runJS(t, node, bundle); got != "a\nb\nc\n" {
		t.Errorf("bundle printed %q, want a, b, c\n%s", got, bundle)
	}
}
