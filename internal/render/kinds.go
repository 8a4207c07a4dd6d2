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
	t.KindCSS, t.KindJS = bundleEach(o, kindDir, t.Files)
}

// optionalDir is the folder, under assets/css and assets/js, of the files
// of theme features only some sites have, loaded by every page of those
// sites and published only by them: assets/js/optional/navlists.js is
// loaded when nav lists are cut (see NavRenderer.Window).
const optionalDir = "optional"

func isOptionalAsset(name string) bool {
	return strings.Contains(name, "/"+optionalDir+"/")
}

// bundleOptional writes each optional feature's CSS and JS as
// fingerprinted files, assets/optional/NAME.HASH.css and .js, into
// OptionalFiles, and records them by feature.
func (t *Theme) bundleOptional(o overlay) {
	t.OptionalFiles = map[string][]byte{}
	t.OptionalCSS, t.OptionalJS = bundleEach(o, optionalDir, t.OptionalFiles)
}

// bundleEach minifies and fingerprints each file directly in
// assets/css/sub and assets/js/sub into files (as assets/sub/NAME.HASH.ext)
// and maps each NAME to its output path.
func bundleEach(o overlay, sub string, files map[string][]byte) (css, js map[string]string) {
	css, js = map[string]string{}, map[string]string{}
	for _, spec := range []struct {
		dir, ext string
		into     map[string]string
	}{{"assets/css/" + sub, ".css", css}, {"assets/js/" + sub, ".js", js}} {
		for _, name := range o.list(spec.dir) {
			if path.Ext(name) != spec.ext || path.Dir(name) != spec.dir {
				continue
			}
			b, ok := o.minified[name]
			if !ok {
				continue
			}
			if !bytes.HasSuffix(b, []byte("\n")) {
				b = append(b[:len(b):len(b)], '\n')
			}
			kind := strings.TrimSuffix(path.Base(name), spec.ext)
			sum := sha256.Sum256(b)
			out := "assets/" + sub + "/" + kind + "." + hex.EncodeToString(sum[:])[:10] + spec.ext
			files[out] = b
			spec.into[kind] = out
		}
	}
	return css, js
}

// kindKey lists the kind files' output names, for the theme's key.
func (t *Theme) kindKey() string {
	var b strings.Builder
	for _, m := range []map[string]string{t.KindCSS, t.KindJS, t.OptionalCSS, t.OptionalJS} {
		for _, k := range sortedNames(m) {
			b.WriteString(k + "=" + m[k] + "\x00")
		}
	}
	return b.String()
}

func sortedNames(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }
