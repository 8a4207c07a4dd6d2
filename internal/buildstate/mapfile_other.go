//go:build !unix

package buildstate

import "os"

// mapFile reads the file at path (see mapfile_unix.go), and returns its
// bytes and a function that does nothing (nil, nil when it cannot be read).
func mapFile(path string) ([]byte, func()) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil
	}
	return b, func() {}
}
