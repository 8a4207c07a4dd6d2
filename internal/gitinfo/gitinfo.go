// Package gitinfo reads when each file was last committed, for "last updated"
// dates. The whole site costs one git log (and a rev-parse, when the
// checkout's files cannot tell its state: see gitrepo), never a process
// per file, so it stays fast for thousands of pages.
//
// Dates are a nicety: outside a git checkout, without git installed, in a
// repository without commits or in a shallow clone (where every file would
// seem to date from the single fetched commit), the result is simply empty.
package gitinfo

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"handbook/internal/gitrepo"
	"io"
	"os/exec"
	"path"
	"strconv"
	"strings"
	"time"
)

// LastModified returns the last commit time (committer date, UTC) of every
// file under paths, which are relative to repoDir (none means the whole
// repository). Keys are slash-separated paths relative to the repository
// root; use RelativeTo to re-key them relative to a sub-folder.
//
// Files deleted from the working tree may still appear (with the time of a
// commit that touched them); callers look up the files they have.
func LastModified(repoDir string, paths ...string) (map[string]time.Time, error) {
	checkout, ok := inspect(repoDir)
	if !ok {
		return map[string]time.Time{}, nil
	}
	return checkout.log(paths)
}

// ContentDates returns the last commit time of every file under dir, keyed by
// slash-separated path relative to dir (e.g. "experiences/x.md").
func ContentDates(dir string) (map[string]time.Time, error) {
	checkout, ok := inspect(dir)
	if !ok {
		return map[string]time.Time{}, nil
	}
	times, err := checkout.log([]string{"."})
	if err != nil {
		return map[string]time.Time{}, err
	}
	return RelativeTo(times, checkout.prefix), nil
}

// RelativeTo keeps the entries of times that lie under dir (a slash-separated
// path relative to the repository root; "" or "." is the root) and re-keys
// them relative to dir.
func RelativeTo(times map[string]time.Time, dir string) map[string]time.Time {
	dir = strings.Trim(path.Clean("/"+dir), "/")
	out := make(map[string]time.Time, len(times))
	for name, t := range times {
		if dir == "" {
			out[name] = t
			continue
		}
		if rest, found := strings.CutPrefix(name, dir+"/"); found && rest != "" {
			out[rest] = t
		}
	}
	return out
}

// checkout is a usable (non-shallow, with commits) git working tree.
type checkout struct {
	dir    string // where git runs; pathspecs are relative to it
	prefix string // dir relative to the repository root, slash-separated, "" at the root
}

// inspect asks git, in one call, whether dir is in a non-shallow checkout
// that has a HEAD commit, and where dir sits in it. Any failure (no git, not
// a repository, unborn branch) means "no dates", not an error.
func inspect(dir string) (checkout, bool) {
	lines := strings.Split(State(dir), "\n")
	if len(lines) < 3 || lines[0] != "false" {
		return checkout{}, false
	}
	return checkout{dir: dir, prefix: strings.TrimSuffix(lines[1], "/")}, true
}

// State identifies what ContentDates(dir) depends on: whether dir is in a
// shallow checkout, where it sits and the HEAD commit ("" outside a
// checkout). Equal states give equal dates. It is read from the
// checkout's files when they are laid out plainly (see gitrepo): a build
// that finds nothing changed starts no git process.
func State(dir string) string {
	args := []string{"rev-parse", "--is-shallow-repository", "--show-prefix", "HEAD"}
	out, err := gitrepo.Output(dir, args...)
	if errors.Is(err, gitrepo.ErrAskGit) {
		var b []byte
		b, err = gitCommand(dir, args...).Output()
		out = string(b)
	}
	if err != nil {
		return ""
	}
	return out
}

// log runs the single git log over paths and parses its output as it streams.
func (c checkout) log(paths []string) (map[string]time.Time, error) {
	args := []string{"log", "-z", "--format=%x00%ct", "--name-only", "--no-renames", "--"}
	cmd := gitCommand(c.dir, append(args, paths...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return map[string]time.Time{}, err
	}
	if err := cmd.Start(); err != nil {
		return map[string]time.Time{}, nil // git vanished since inspect: no dates
	}
	times, parseErr := parseLog(stdout)
	// Drain whatever a parse error left unread so git can exit.
	_, _ = io.Copy(io.Discard, stdout)
	waitErr := cmd.Wait()
	if parseErr != nil {
		return map[string]time.Time{}, parseErr
	}
	if waitErr != nil {
		return map[string]time.Time{}, fmt.Errorf("git log in %s: %v: %s", c.dir, waitErr, strings.TrimSpace(stderr.String()))
	}
	return times, nil
}

// gitCommand builds a git invocation immune to user configuration that would
// change the output format: literal pathspecs (names with "*" or "[" are not
// globs), unquoted non-ASCII names, no signatures, no --follow, and paths
// always relative to the repository root.
func gitCommand(dir string, args ...string) *exec.Cmd {
	base := []string{
		"--literal-pathspecs",
		"-c", "core.quotepath=false",
		"-c", "log.showSignature=false",
		"-c", "log.follow=false",
		"-c", "diff.relative=false",
		"--no-pager",
	}
	cmd := exec.Command("git", append(base, args...)...)
	cmd.Dir = dir
	return cmd
}

// parseLog reads the output of
//
//	git log -z --format=%x00%ct --name-only
//
// which is, per commit, NUL, the commit time, NUL, then (if the commit
// touched files) a newline and the NUL-terminated file names. File names are
// never empty, so an empty field always announces a commit header. Commits
// come newest first, so the first time a path is seen is its last change.
func parseLog(r io.Reader) (map[string]time.Time, error) {
	times := map[string]time.Time{}
	const (
		expectHeader = iota
		expectFirstName
		expectName
	)
	state := expectHeader // real output starts with an empty field anyway
	var commitTime time.Time
	fields := bufio.NewReader(r)
	for {
		field, err := fields.ReadString(0)
		if errors.Is(err, io.EOF) {
			if field != "" {
				return times, fmt.Errorf("git log output ends inside a field: %q", field)
			}
			return times, nil
		}
		if err != nil {
			return times, err
		}
		field = strings.TrimSuffix(field, "\x00")
		switch {
		case field == "":
			state = expectHeader
		case state == expectHeader:
			seconds, err := strconv.ParseInt(field, 10, 64)
			if err != nil {
				return times, fmt.Errorf("git log output: bad commit time %q", field)
			}
			commitTime = time.Unix(seconds, 0).UTC()
			state = expectFirstName
		default:
			if state == expectFirstName {
				field = strings.TrimPrefix(field, "\n")
				state = expectName
			}
			if _, seen := times[field]; !seen && field != "" {
				times[field] = commitTime
			}
		}
	}
}
