package project

import (
	"os"
	"testing"
)

// FuzzLoad: no input panics or hangs the MkDocs loader (the round trip
// through handbook import is internal/importer's FuzzImport).
func FuzzLoad(f *testing.F) {
	if data, err := os.ReadFile(fixture); err == nil {
		f.Add(data)
	}
	for _, s := range []string{
		"site_name: x\nnav:\n  - a.md\n  - S:\n    - s/index.md\n    - T: s/t.md\n  - L: https://x.org/\n",
		"site_name: !ENV [A, B, 'c']\nx: !!python/name:a.b\ny: !relative\n",
		"markdown_extensions:\n  - a:\n      f: !!python/name:x\n  - b\n",
		"a: &a [1, *a]\n<<: *a\n",
		"site_name: \"q\\u00e9\\x41\"\ncopyright: '''x'''\n",
		"theme: {palette: [{primary: red}]}\nplugins: {search: {enabled: no}}\n",
		"!ENV\n", "- !!python/name:x\n- y\n", "{a: !t , b: !u}\n", "site_name: |\n  two\n  lines\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, _ := ParseMkDocs("fuzz/mkdocs.yml", data)
		if cfg == nil {
			t.Fatal("ParseMkDocs returned no config")
		}
	})
}
