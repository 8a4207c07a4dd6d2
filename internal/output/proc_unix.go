//go:build unix

package output

import (
	"errors"

	"golang.org/x/sys/unix"
)

func processAlive(pid int) bool {
	err := unix.Kill(pid, 0)
	return err == nil || errors.Is(err, unix.EPERM)
}

// isNotSupported: some file systems cannot sync a folder.
func isNotSupported(err error) bool {
	return errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOTSUP)
}
