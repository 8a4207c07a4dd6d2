package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"path"
	"slices"
	"strings"
)

// kindDir is the folder, under assets/css and assets/js, of the files that
// only pages of one kind load: assets/js/kinds/drill.js is loaded by drill
// pages and left out of the bundle every page loads.
const kindDir = "kinds"

// isKindAsset reports whether name (under assets/css or assets/js) is a
// page kind's own file.
func isKindAsset(name string) bool {
	return strings.Contains(name, "/"+kindDir+"/")
}

// bundleKinds writes each kind's CSS and JS as fingerprinted files,
// assets/kinds/NAME.HASH.css and .js, and records them by kind.
func (t *Theme) bundleKinds(o overlay) {
	t.KindCSS, t.KindJS = map[string]string{}, map[string]string{}
	for _, spec := range []struct {
		dir, ext string
		into     map[string]string
	}{{"assets/css/" + kindDir, ".css", t.KindCSS}, {"assets/js/" + kindDir, ".js", t.KindJS}} {
		for _, name := range o.list(spec.dir) {
			if path.Ext(name) != spec.ext || path.Dir(name) != spec.dir {
				continue
			}
			b, err := o.ReadFile(name)
			if err != nil {
				continue
			}
			b = minifyFile(spec.ext, b)
			if !bytes.HasSuffix(b, []byte("\n")) {
				b = append(b, '\n')
			}
			kind := strings.TrimSuffix(path.Base(name), spec.ext)
			sum := sha256.Sum256(b)
			out := "assets/kinds/" + kind + "." + hex.EncodeToString(sum[:])[:10] + spec.ext
			t.Files[out] = b
			spec.into[kind] = out
		}
	}
}

// kindKey lists the kind files' output names, for the theme's key.
func (t *Theme) kindKey() string {
	var b strings.Builder
	for _, m := range []map[string]string{t.KindCSS, t.KindJS} {
		for _, k := range sortedNames(m) {
			b.WriteString(k + "=" + m[k] + "\x00")
		}
	}
	return b.String()
}

func sortedNames(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }
