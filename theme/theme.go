// Package theme holds the default theme: page templates, CSS, JS and the
// vendored client libraries, embedded in the binary.
package theme

import "embed"

// FS is the default theme. A site overrides any file by placing one at the
// same path under its own theme/ folder.
//
//go:embed templates assets vendor
var FS embed.FS
