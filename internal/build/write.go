package build

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Marker is the file that marks a folder as handbook's output. Write only
// replaces a folder holding it (or an empty one) unless forced.
const Marker = ".handbook-output"

// Write puts files into out atomically: they are written to a temporary
// sibling folder, which replaces out only once complete. A failure leaves
// out as it was. Nothing outside out (and the temporary siblings) is touched.
func Write(files map[string][]byte, out string, force bool) error {
	out = filepath.Clean(out)
	if err := checkReplaceable(out, force); err != nil {
		return err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := writeFile(tmp, name, files[name]); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(tmp, Marker), []byte("This folder is written by handbook build and replaced on every build.\n"), 0o644); err != nil {
		return err
	}
	if err := swap(tmp, out); err != nil {
		return err
	}
	ok = true
	return nil
}

func writeFile(root, name string, data []byte) error {
	p, err := safeJoin(root, name)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// safeJoin joins a slash-separated output name to root, refusing names that
// would leave it.
func safeJoin(root, name string) (string, error) {
	clean := filepath.Clean(filepath.FromSlash(name))
	if filepath.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("refusing to write %q outside the output folder", name)
	}
	return filepath.Join(root, clean), nil
}

// checkReplaceable refuses to replace a folder handbook did not create.
func checkReplaceable(out string, force bool) error {
	st, err := os.Lstat(out)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("output %s exists and is not a folder", out)
	}
	if force {
		return nil
	}
	if _, err := os.Stat(filepath.Join(out, Marker)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	return fmt.Errorf("output folder %s was not created by handbook (no %s file); refusing to replace it. Use --force to replace it anyway", out, Marker)
}

// swap moves tmp into place at out, keeping the old output until the new
// one is in place.
func swap(tmp, out string) error {
	if _, err := os.Lstat(out); errors.Is(err, os.ErrNotExist) {
		return os.Rename(tmp, out)
	}
	var rnd [4]byte
	_, _ = rand.Read(rnd[:])
	old := filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".old-"+hex.EncodeToString(rnd[:]))
	if err := os.Rename(out, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		_ = os.Rename(old, out) // put the previous output back
		return err
	}
	return os.RemoveAll(old)
}

// WriteFileAtomic replaces the file at p with data: written to a temporary
// file in the same folder, synced, then renamed over p, so a crash leaves
// either the old or the new content, never a mix.
func WriteFileAtomic(p string, data []byte, perm os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(p), "."+filepath.Base(p)+".tmp-")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Chmod(tmp, perm); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, p); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
