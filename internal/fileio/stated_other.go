//go:build !linux

package fileio

import "os"

// WriteFileStated is WriteFile, and the file as os.Lstat states it right
// after.
func WriteFileStated(name string, data []byte) (Stated, error) {
	if err := WriteFile(name, data); err != nil {
		return Stated{}, err
	}
	info, err := os.Lstat(name)
	if err != nil {
		return Stated{}, err
	}
	return Stated{Size: info.Size(), Mod: info.ModTime().UnixNano(), Mode: info.Mode()}, nil
}
