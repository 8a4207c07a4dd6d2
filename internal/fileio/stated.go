package fileio

import "io/fs"

// Stated is a file as os.Lstat states it: its size, modification time
// (Unix nanoseconds) and mode.
type Stated struct {
	Size int64
	Mod  int64
	Mode fs.FileMode
}
