//go:build !linux

package stamp

// unchangedFast is Unchanged elsewhere than on Linux.
func unchangedFast(out string, listing []FileStat) bool {
	return unchangedByPath(out, listing)
}

// fastCheck: elsewhere than on Linux, Recheck cannot tell; a new stamp
// is taken and compared (UpToDate).
func (prev *Stamp) fastCheck(in Inputs) (same, known bool, racyFiles []int, now []FileStat) {
	return false, false, nil, nil
}
