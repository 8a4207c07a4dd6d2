package fileio

import (
	"io/fs"
	"syscall"
)

// WriteFileStated is WriteFile, and the file as os.Lstat would state it
// right after: stated by the open file (fstat) before it is closed, which
// spares the kernel a walk of the file's path (a build states each of the
// tens of thousands of files it writes, for its stamp). Nothing changes a
// file's size, time or mode as it is closed: not on Linux's NFS either,
// whose fstat writes the file's data out first and asks the server.
func WriteFileStated(name string, data []byte) (Stated, error) {
	fd, err := create(name, data)
	if err != nil {
		return Stated{}, err
	}
	var st syscall.Stat_t
	_, statErr := ignoringEINTR(func() (int, error) { return 0, syscall.Fstat(fd, &st) })
	if err := closeFile(fd, name); err != nil {
		return Stated{}, err
	}
	if statErr != nil {
		return Stated{}, &fs.PathError{Op: "stat", Path: name, Err: statErr}
	}
	return Stated{Size: st.Size, Mod: st.Mtim.Nano(), Mode: ModeOf(st.Mode)}, nil
}

// ModeOf is a Unix mode as a FileMode, as package os converts it.
func ModeOf(m uint32) fs.FileMode {
	mode := fs.FileMode(m & 0o777)
	switch m & syscall.S_IFMT {
	case syscall.S_IFBLK:
		mode |= fs.ModeDevice
	case syscall.S_IFCHR:
		mode |= fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFDIR:
		mode |= fs.ModeDir
	case syscall.S_IFIFO:
		mode |= fs.ModeNamedPipe
	case syscall.S_IFLNK:
		mode |= fs.ModeSymlink
	case syscall.S_IFSOCK:
		mode |= fs.ModeSocket
	}
	if m&syscall.S_ISGID != 0 {
		mode |= fs.ModeSetgid
	}
	if m&syscall.S_ISUID != 0 {
		mode |= fs.ModeSetuid
	}
	if m&syscall.S_ISVTX != 0 {
		mode |= fs.ModeSticky
	}
	return mode
}
