package fileio

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a.html")
	big := bytes.Repeat([]byte("0123456789"), 100_000)
	for _, data := range [][]byte{big, []byte("short"), {}} { // each replaces the last, shorter or not
		if err := WriteFile(name, data); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(name)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("read back %d bytes (%v), want %d", len(got), err, len(data))
		}
	}
	info, err := os.Stat(name)
	if err != nil || info.Mode().Perm()&^0o022 != 0o644&^0o022 {
		t.Errorf("mode %v (%v)", info.Mode(), err)
	}
	err = WriteFile(filepath.Join(dir, "missing", "b.html"), []byte("x"))
	var pe *fs.PathError
	if !errors.As(err, &pe) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v, want a path error: not found", err)
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a.md")
	big := bytes.Repeat([]byte("0123456789"), 100_000)
	for _, data := range [][]byte{big, []byte("short"), {}} {
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := ReadFile(name)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("read %d bytes (%v), want %d", len(got), err, len(data))
		}
	}
	var pe *fs.PathError
	if _, err := ReadFile(filepath.Join(dir, "missing.md")); !errors.As(err, &pe) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v, want a path error: not found", err)
	}
	if _, err := ReadFile(dir); err == nil {
		t.Error("a folder read as a file")
	}
}
