package output

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Marker is the file that marks a folder as handbook's output. A folder
// holding it (or an empty one) is replaced without asking; any other needs
// force, and is then moved aside rather than deleted.
const Marker = ".handbook-output"

// safeJoin joins a slash-separated output name to root, refusing names that
// would leave it.
func safeJoin(root, name string) (string, error) {
	clean := filepath.Clean(filepath.FromSlash(name))
	if filepath.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("refusing to write %q outside the output folder", name)
	}
	return filepath.Join(root, clean), nil
}

// checkReplaceable refuses to replace a folder handbook did not create,
// unless force is set; foreign reports such a folder (which Commit then
// moves aside instead of deleting).
func checkReplaceable(out string, force bool) (foreign bool, err error) {
	st, err := os.Lstat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !st.IsDir() {
		return false, fmt.Errorf("output %s exists and is not a folder", out)
	}
	if _, err := os.Stat(filepath.Join(out, Marker)); err == nil {
		return false, nil
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return false, err
	}
	if len(entries) == 0 {
		return false, nil
	}
	if force {
		return true, nil
	}
	return false, fmt.Errorf("output folder %s was not created by handbook (no %s file); refusing to replace it. Use --force to replace it anyway (its contents are then moved aside, not deleted)", out, Marker)
}

// swap puts tmp in place at out. The old output is removed once the new one
// is in place; a foreign one (keep) is moved to a visible sibling instead,
// whose path is returned.
func swap(tmp, out string, keep bool) (aside string, err error) {
	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) {
		return "", os.Rename(tmp, out)
	}
	if keep {
		aside = asideName(out)
		if err := os.Rename(out, aside); err != nil {
			return "", err
		}
		if err := os.Rename(tmp, out); err != nil {
			_ = os.Rename(aside, out)
			return "", err
		}
		return aside, nil
	}
	// Exchange the two folders in one step where the system can; then the
	// old output sits at tmp's path, and a kill before its removal leaves
	// only a leftover that the next build removes.
	if err := exchangeFolders(tmp, out); err == nil {
		return "", os.RemoveAll(tmp)
	}
	j := journal{Op: opSwap, Tmp: filepath.Base(tmp), Old: filepath.Base(tmp) + ".old"}
	if err := j.write(out); err != nil {
		return "", err
	}
	return "", j.apply(out)
}

// asideName is a new visible sibling of out for a folder moved aside.
func asideName(out string) string {
	base := out + ".before-handbook-" + time.Now().Format("20060102-150405")
	p := base
	for i := 2; ; i++ {
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return p
		}
		p = fmt.Sprintf("%s-%d", base, i)
	}
}

// exchangeFolders is exchange, replaced in tests to exercise the fallback.
var exchangeFolders = exchange

// tmpPrefix names the temporary folders of out's builds. The process id
// in the name lets a later build tell a killed build's leftover from a
// running build's folder (see removeLeftovers).
func tmpPrefix(out string) string {
	return "." + filepath.Base(out) + ".tmp-"
}

// mkdirUnique creates a new folder in parent named prefix + pid + random.
// Unlike os.MkdirTemp it creates it 0755 (less the umask), as the output
// folder it becomes must be readable by a web server.
func mkdirUnique(parent, prefix string) (string, error) {
	for range 100 {
		var rnd [4]byte
		_, _ = rand.Read(rnd[:])
		p := filepath.Join(parent, fmt.Sprintf("%s%d-%s", prefix, os.Getpid(), hex.EncodeToString(rnd[:])))
		err := os.Mkdir(p, 0o755)
		if err == nil {
			return p, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", err
		}
	}
	return "", fmt.Errorf("cannot create a temporary folder in %s", parent)
}
