package build

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
)

// Output receives the built files as they are produced. Without one, a
// build collects its files in Result.Files (what serve uses); the CLI
// streams them to disk instead so a large site is never held in memory.
type Output interface {
	Put(name string, data []byte) error
}

// put hands one output file to the Output, or keeps it in Result.Files.
func (g *generator) put(name string, data []byte) {
	if g.opts.Output == nil {
		g.mu.Lock()
		g.result.Files[name] = data
		g.mu.Unlock()
		return
	}
	if err := g.opts.Output.Put(name, data); err != nil {
		g.mu.Lock()
		g.result.Diags.Errorf(name, 0, 0, "write", "cannot write output: %v", err)
		g.mu.Unlock()
	}
}

// DiskOutput writes files into a temporary folder beside the output folder
// and swaps it into place on Commit; Abort removes it, leaving the previous
// output as it was.
type DiskOutput struct {
	out, tmp string
	done     bool
	dirs     sync.Map // folders already created under tmp
	// Record asks Commit to record the files written (in Written), as they
	// are before they are swapped into place, for a Stamp.
	Record  bool
	Written []FileStat
}

// NewDiskOutput prepares writing to out, refusing a folder that handbook did
// not create unless force is set.
func NewDiskOutput(out string, force bool) (*DiskOutput, error) {
	out = filepath.Clean(out)
	if err := checkReplaceable(out, force); err != nil {
		return nil, err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return nil, err
	}
	return &DiskOutput{out: out, tmp: tmp}, nil
}

// Put writes one file into the temporary folder. Safe for concurrent use.
func (o *DiskOutput) Put(name string, data []byte) error {
	p, err := safeJoin(o.tmp, name)
	if err != nil {
		return err
	}
	dir := filepath.Dir(p)
	if _, made := o.dirs.Load(dir); !made {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		o.dirs.Store(dir, true)
	}
	return os.WriteFile(p, data, 0o644)
}

// Commit marks the folder as handbook's and swaps it into place.
func (o *DiskOutput) Commit() error {
	if o.done {
		return errors.New("output already committed or aborted")
	}
	o.done = true
	if err := os.WriteFile(filepath.Join(o.tmp, Marker), []byte("This folder is written by handbook build and replaced on every build.\n"), 0o644); err != nil {
		os.RemoveAll(o.tmp)
		return err
	}
	if o.Record {
		// A rename keeps the files' sizes and times: what is recorded here
		// is what lands in out, even if another build swaps in after.
		written, err := statOutput(o.tmp)
		if err != nil {
			os.RemoveAll(o.tmp)
			return err
		}
		o.Written = written
	}
	if err := swap(o.tmp, o.out); err != nil {
		os.RemoveAll(o.tmp)
		return err
	}
	return nil
}

// Abort discards everything written.
func (o *DiskOutput) Abort() {
	if !o.done {
		o.done = true
		os.RemoveAll(o.tmp)
	}
}
