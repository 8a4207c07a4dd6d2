// Package atomicfile replaces a file so that a crash leaves either its old
// or its new content, never a mix.
package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
)

// Write replaces the file at p with data: written to a temporary
// file in the same folder, synced, then renamed over p, so a crash leaves
// either the old or the new content, never a mix.
func Write(p string, data []byte, perm os.FileMode) error {
	if err := write(p, data, perm, true); err != nil {
		return err
	}
	return syncDir(filepath.Dir(p))
}

// WriteUnsynced replaces the file at p with data as Write does, but
// without syncing the file or its folder. A process killed at any point
// leaves the old or the new content (the rename is atomic); after a
// system crash the file may be old, new, empty or cut short. Use it only
// for a file whose reader detects damage (a length or checksum) and treats
// a damaged file as missing.
func WriteUnsynced(p string, data []byte, perm os.FileMode) error {
	return write(p, data, perm, false)
}

func write(p string, data []byte, perm os.FileMode, sync bool) error {
	f, err := os.CreateTemp(filepath.Dir(p), "."+filepath.Base(p)+".tmp-")
	if err != nil {
		return err
	}
	tmp := f.Name()
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if _, err := f.Write(data); err != nil {
		return fail(err)
	}
	if sync {
		if err := f.Sync(); err != nil {
			return fail(err)
		}
	}
	if err := f.Chmod(perm); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, p); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// syncDir makes a rename in dir durable (where the system supports it).
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) && !isNotSupported(err) {
		return err
	}
	return nil
}
