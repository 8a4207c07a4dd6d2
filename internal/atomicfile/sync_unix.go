//go:build unix

package atomicfile

import (
	"errors"

	"golang.org/x/sys/unix"
)

// isNotSupported: some file systems cannot sync a folder.
func isNotSupported(err error) bool {
	return errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOTSUP)
}
