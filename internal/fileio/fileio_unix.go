//go:build unix

// Package fileio reads and writes whole files in as few system calls as
// the kernel allows: os.Open and os.Create also offer each file to the
// network poller, which a regular file refuses, at the cost of five more
// calls (fcntl four times, epoll_ctl), for each of a build's thousands of
// pages read and files written.
package fileio

import (
	"io/fs"
	"syscall"
)

// WriteFile creates (or truncates) name and writes data into it, as
// os.WriteFile does with mode 0644, in three system calls.
func WriteFile(name string, data []byte) error {
	fd, err := create(name, data)
	if err != nil {
		return err
	}
	return closeFile(fd, name)
}

// create creates (or truncates) name, writes data into it and returns
// the open file (closed when it fails).
func create(name string, data []byte) (int, error) {
	fd, err := ignoringEINTR(func() (int, error) {
		return syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
	})
	if err != nil {
		return -1, &fs.PathError{Op: "open", Path: name, Err: err}
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
		return -1, &fs.PathError{Op: "write", Path: name, Err: err}
	}
	return fd, nil
}

func closeFile(fd int, name string) error {
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}

// ReadFile reads the whole file name, as os.ReadFile does, in five system
// calls: open, fstat (its size, for the buffer), read until the end (twice
// when the size held) and close.
func ReadFile(name string) ([]byte, error) {
	fd, err := ignoringEINTR(func() (int, error) {
		return syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	})
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	// One byte more than the size, so that the end is seen without
	// growing; a file that grew meanwhile grows the buffer.
	data := make([]byte, 0, max(st.Size, 0)+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := ignoringEINTR(func() (int, error) { return syscall.Read(fd, data[len(data):cap(data)]) })
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if n == 0 {
			return data, nil
		}
		data = data[:len(data)+n]
	}
}

func ignoringEINTR(call func() (int, error)) (int, error) {
	for {
		n, err := call()
		if err != syscall.EINTR {
			return n, err
		}
	}
}
