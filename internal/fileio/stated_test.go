package fileio

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestWriteFileStated states a file as os.Lstat does right after it is
// written: new, written over by a shorter one, and by a longer one after
// its time has moved on.
func TestWriteFileStated(t *testing.T) {
	name := filepath.Join(t.TempDir(), "a.json")
	for i, data := range []string{"[1,2,3]", "[]", "[1,2,3,4,5,6,7,8,9]"} {
		if i == 2 {
			time.Sleep(20 * time.Millisecond) // (a time of its own, even on a coarse clock)
		}
		got, err := WriteFileStated(name, []byte(data))
		if err != nil {
			t.Fatal(err)
		}
		info, err := os.Lstat(name)
		if err != nil {
			t.Fatal(err)
		}
		want := Stated{Size: info.Size(), Mod: info.ModTime().UnixNano(), Mode: info.Mode()}
		if got != want {
			t.Errorf("write %d: stated %+v, os.Lstat says %+v", i, got, want)
		}
		if got.Size != int64(len(data)) {
			t.Errorf("write %d: size %d, want %d", i, got.Size, len(data))
		}
	}
	if _, err := WriteFileStated(filepath.Join(t.TempDir(), "missing", "b.json"), []byte("x")); !os.IsNotExist(err) {
		t.Errorf("writing into a missing folder: %v, want not found", err)
	}
}
