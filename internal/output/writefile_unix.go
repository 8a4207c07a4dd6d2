//go:build unix

package output

import (
	"io/fs"
	"syscall"
)

// writeFile creates (or truncates) name and writes data into it, as
// os.WriteFile does, in three system calls: os.OpenFile also offers each
// file to the network poller, which a regular file refuses, at the cost
// of five more calls (fcntl four times, epoll_ctl), for each of a build's
// thousands of files.
func writeFile(name string, data []byte) error {
	fd, err := ignoringEINTR(func() (int, error) {
		return syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 && err == nil {
		var n int
		n, err = ignoringEINTR(func() (int, error) { return syscall.Write(fd, data) })
		if err == nil && n == 0 {
			err = syscall.EIO
		}
		data = data[max(n, 0):]
	}
	if err != nil {
		syscall.Close(fd)
		return &fs.PathError{Op: "write", Path: name, Err: err}
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}

func ignoringEINTR(call func() (int, error)) (int, error) {
	for {
		n, err := call()
		if err != syscall.EINTR {
			return n, err
		}
	}
}
