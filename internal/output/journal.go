package output

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"handbook/internal/atomicfile"
)

// A journal describes a change to the output folder before it starts, so
// that a build killed part way is finished by the next one (Recover)
// instead of leaving a mix of two builds. Every step of a journal can be
// applied again: a file already moved is skipped, a file already removed
// is not an error.
type journal struct {
	Op     string   `json:"op"`               // opUpdate or opSwap
	Tmp    string   `json:"tmp"`              // the staging folder, a sibling of the output
	Old    string   `json:"old,omitempty"`    // opSwap: where the old output goes before removal
	Move   []string `json:"move,omitempty"`   // opUpdate: files to move from Tmp into the output
	Remove []string `json:"remove,omitempty"` // opUpdate: files no longer built
}

const (
	opUpdate = "update"
	opSwap   = "swap"
)

func journalPath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".journal")
}

// write records the journal durably before the output changes.
func (j *journal) write(out string) error {
	b, err := json.Marshal(j)
	if err != nil {
		return err
	}
	return atomicfile.Write(journalPath(out), b, 0o644)
}

// apply carries the journal out, then deletes it and the staging folder.
func (j *journal) apply(out string) error {
	parent := filepath.Dir(out)
	tmp, err := safeJoin(parent, j.Tmp)
	if err != nil || filepath.Dir(tmp) != parent {
		return fmt.Errorf("%s: bad staging folder %q", journalPath(out), j.Tmp)
	}
	switch j.Op {
	case opUpdate:
		err = j.applyUpdate(out, tmp)
	case opSwap:
		err = j.applySwap(out, tmp, parent)
	default:
		err = fmt.Errorf("%s: unknown operation %q", journalPath(out), j.Op)
	}
	if err != nil {
		return err
	}
	if err := os.Remove(journalPath(out)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return os.RemoveAll(tmp)
}

// step is called before each change a journal makes; tests stop there to
// play a build killed at that point.
var step = func() {}

func (j *journal) applyUpdate(out, tmp string) error {
	for _, name := range j.Remove {
		step()
		p, err := safeJoin(out, name)
		if err != nil {
			return err
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		removeEmptyParents(out, filepath.Dir(p))
	}
	for _, name := range j.Move {
		src, err := safeJoin(tmp, name)
		if err != nil {
			return err
		}
		dst, err := safeJoin(out, name)
		if err != nil {
			return err
		}
		if _, err := os.Lstat(src); errors.Is(err, fs.ErrNotExist) {
			continue // moved before the interruption
		}
		step()
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.Rename(src, dst); err != nil {
			return err
		}
	}
	marker := filepath.Join(out, Marker)
	if _, err := os.Stat(marker); err != nil {
		return os.WriteFile(marker, []byte(markerText), 0o644)
	}
	return nil
}

func (j *journal) applySwap(out, tmp, parent string) error {
	old, err := safeJoin(parent, j.Old)
	if err != nil || filepath.Dir(old) != parent {
		return fmt.Errorf("%s: bad folder %q", journalPath(out), j.Old)
	}
	if exists(tmp) {
		step()
		if exists(out) && !exists(old) {
			if err := os.Rename(out, old); err != nil {
				return err
			}
		}
		step()
		if err := os.Rename(tmp, out); err != nil {
			return err
		}
	}
	return os.RemoveAll(old)
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// Recover finishes a change to the output folder out that a killed build
// left part way, so that out holds the new build, and removes the staging
// folders that killed builds left behind. Builds call it before anything
// else touches out.
func Recover(out string) error {
	out = filepath.Clean(out)
	b, err := os.ReadFile(journalPath(out))
	if err == nil {
		var j journal
		if err := json.Unmarshal(b, &j); err != nil {
			return fmt.Errorf("%s: unreadable journal of an interrupted build (%v); remove it and build with --no-cache", journalPath(out), err)
		}
		if err := j.apply(out); err != nil {
			return fmt.Errorf("finishing the interrupted update of %s: %w", out, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	removeLeftovers(out)
	return nil
}

// removeLeftovers removes the staging folders of builds into out whose
// process is gone (killed before it could clean up).
func removeLeftovers(out string) {
	parent := filepath.Dir(out)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	prefix := tmpPrefix(out)
	for _, e := range entries {
		name, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !e.IsDir() {
			continue
		}
		pidText, _, _ := strings.Cut(name, "-")
		pid, err := strconv.Atoi(pidText)
		if err != nil || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		_ = os.RemoveAll(filepath.Join(parent, e.Name()))
	}
}
