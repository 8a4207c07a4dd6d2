package output

import (
	"fmt"

	"handbook/internal/diag"
	"handbook/internal/output/stamp"
)

// Job is one publication of a build into a folder.
type Job struct {
	Out     string    // the output folder
	Force   bool      // replace a folder handbook did not write (it is moved aside)
	Protect Protected // what the output may never replace (see CheckTarget)
	// CacheDir keeps the build stamps; "" writes everything and keeps none.
	CacheDir string
	Inputs   stamp.Inputs // what the build reads, for the stamp
	// Check is the check of Out against the last build's stamp when the
	// caller started it (stamp.StartCheck with CacheDir and Out) before
	// it knew the inputs; nil: Publish starts it.
	Check *stamp.Check
}

// Sink receives the built files.
type Sink interface {
	Put(name string, data []byte) error
}

// Built is what Publish needs to know of a finished build.
type Built struct {
	OK            bool
	Diags         diag.List // kept in the stamp: reported again when nothing changed
	Pages, Assets int
	// Read are files the build found it needed as it went (the snippets
	// pages include, and the paths where missing ones would be): the
	// stamp records them too.
	Read []string
	// State names what the build saved for the next one to start from
	// (its caches' record of the output); the next build gets it back in
	// Previous when the output folder is still exactly as this build left it.
	State string
}

// Previous is what a build learns of the last one into the same folder.
type Previous struct {
	// State is the last build's Built.State, when the output folder holds
	// exactly what that build wrote (checked by the stamp); else "".
	State string
	// Inputs are the input files as this build's stamp found them, just
	// before the build (nil without a stamp): the build need not ask the
	// system about them again.
	Inputs []stamp.FileStat
	// Changed lists the input files that may have changed since that
	// build (see stamp.Stamp.Changed), when State is set; nil when not
	// known.
	Changed []string
}

// Report is what Publish did.
type Report struct {
	// UpToDate: nothing changed since the last build into the folder, which
	// was left as it is; Built is that build's (its warnings, its counts).
	UpToDate bool
	Built    Built
	// Failed: the build had errors and the folder was left unchanged.
	Failed bool
	// Where names the folder, and where a foreign folder was moved aside.
	Where string
	// StampErr: the stamp could not be kept (the next build runs in full).
	StampErr error
}

// lastIf is check.Last() when the inputs are up to date (waiting for the
// output's check), else nil.
func lastIf(upToDate bool, check *stamp.Check) *stamp.Stamp {
	if !upToDate {
		return nil
	}
	return check.Last()
}

// Publish is the whole publishing sequence behind `handbook build`: it
// takes the stamp of the inputs before anything is read; when the folder
// still holds exactly what the last build from the same inputs wrote it
// stops there; else it opens the folder (guarded, recovering a build cut
// short), runs build into it, writing only the files that changed when the
// last build's listing is known, and commits atomically, or leaves the
// folder unchanged when the build failed. When the inputs are known to
// have changed, the build starts before the folder is checked against the
// last build's listing; if the folder was changed by hand, build runs
// again from scratch. The old stamp is removed before the commit and the
// new one saved after it, so a crash in between leaves no stamp and the
// next build writes everything.
func Publish(job Job, build func(Sink, Previous) Built) (Report, error) {
	rep := Report{Where: job.Out}
	var st, prev *stamp.Stamp
	var check *stamp.Check
	unverified := false // prev's output not checked yet
	if job.CacheDir != "" {
		check = job.Check
		if check == nil {
			check = stamp.StartCheck(job.CacheDir, job.Out)
		}
		// The inputs are checked against the stamp's listing while the
		// output is (in the background).
		var re stamp.Rechecked
		if saved := check.Saved(); saved != nil {
			re = saved.Recheck(job.Inputs, job.Out)
			if last := lastIf(re.UpToDate, check); last != nil {
				rep.UpToDate = true
				rep.Built = Built{OK: true, Diags: last.Diags, Pages: last.Pages, Assets: last.Assets, State: last.State}
				if re.Refreshed != nil {
					// Inputs saved just before the last build were found
					// unchanged by content: record them with this time, so
					// the next check compares sizes and times only.
					rep.StampErr = re.Refreshed.Refreshed(last).Save(job.CacheDir, job.Out)
				} else {
					stamp.RemoveLeftovers(job.CacheDir, job.Out)
				}
				return rep, nil
			}
		}
		taken, err := re.Taken, error(nil)
		if taken == nil {
			taken, err = stamp.Take(job.Inputs, job.Out)
		}
		if err == nil && re.Known {
			// The inputs changed: the build starts from what the last one
			// left before the output's check is done (it goes on alongside,
			// on the cores the build leaves idle); see rebuild.
			prev, unverified = check.Unverified(), true
		} else {
			prev = check.Last()
		}
		if err == nil {
			if !re.Known {
				// Links among the inputs (or a system where Recheck
				// cannot tell): the new stamp is compared.
				if ok, refresh := taken.UpToDate(prev); ok {
					rep.UpToDate = true
					rep.Built = Built{OK: true, Diags: prev.Diags, Pages: prev.Pages, Assets: prev.Assets, State: prev.State}
					if refresh {
						rep.StampErr = taken.Refreshed(prev).Save(job.CacheDir, job.Out)
					} else {
						stamp.RemoveLeftovers(job.CacheDir, job.Out)
					}
					return rep, nil
				}
			}
			st = taken
		}
	}
	out, err := Open(job.Out, job.Force, job.Protect)
	if err != nil {
		return rep, fmt.Errorf("%s: %w", job.Out, err)
	}
	var last Previous
	if prev != nil && st != nil {
		out.Update(prev.Output) // write only what changed
		last.State = prev.State
		if changed, ok := st.Changed(prev); ok && last.State != "" {
			last.Changed = changed
		}
	}
	out.Record = st != nil
	if st != nil {
		last.Inputs = st.Files
	}
	rep.Built = build(out, last)
	if rep.Built.OK && unverified && prev != nil && st != nil && check.Last() == nil {
		if out, err = rebuild(job, out, st, build, &rep); err != nil {
			return rep, err
		}
	}
	if !rep.Built.OK {
		out.Abort()
		rep.Failed = true
		return rep, nil
	}
	if job.CacheDir != "" {
		stamp.Forget(job.CacheDir, job.Out)
	}
	if err := out.Commit(); err != nil {
		return rep, fmt.Errorf("%s: %w", job.Out, err)
	}
	rep.Where = out.String()
	if st != nil {
		rep.StampErr = record(st, out.Written, rep.Built).Save(job.CacheDir, job.Out)
	}
	return rep, nil
}

// rebuild is the build run again, in full, when the output folder was
// found not to be as the last build left it (a file edited, added or
// removed by hand) after a build had started from it, keeping the files
// it thought unchanged: it discards out and builds into a new one, as
// when the folder is found changed before the build.
func rebuild(job Job, out *Disk, st *stamp.Stamp, build func(Sink, Previous) Built, rep *Report) (*Disk, error) {
	out.Abort()
	out, err := Open(job.Out, job.Force, job.Protect)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", job.Out, err)
	}
	out.Record = true
	rep.Built = build(out, Previous{Inputs: st.Files})
	return out, nil
}

// record completes the stamp taken before the build with its output (as
// written, before it was swapped into place), its warnings and counts, and
// the files it found it needed.
func record(st *stamp.Stamp, written []stamp.FileStat, b Built) *stamp.Stamp {
	st.Output = written
	st.Pages, st.Assets = b.Pages, b.Assets
	st.Diags = b.Diags
	st.State = b.State
	st.RecordRead(b.Read)
	return st
}
