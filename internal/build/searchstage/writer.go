package searchstage

// oneAtATime writes the search files handed to it (from any goroutine)
// one after the other, on a goroutine of its own, through put.
//
// Every search file is in one folder (search/, 8,088 files at 10,000
// pages), where the kernel creates files one at a time, under the
// folder's lock: the index's workers creating them as their groups
// filled spent much of the stage's CPU time in the kernel opening them
// (as a profile shows), more than one thread creating them all; meanwhile
// they could have been analysing pages. The files wait in a short
// queue, so the workers go on, and at most that many files are held.
type oneAtATime struct {
	files chan file
	done  chan struct{}
}

type file struct {
	name string
	data []byte
}

// queued is how many files wait at most: about a group of chunk files
// (see search's chunkGroup), some 1 MB at 10,000 pages.
const queued = 64

// writeOneAtATime starts the writer; close must be called once every
// file is given, and returns when they are written.
func writeOneAtATime(put func(name string, data []byte)) *oneAtATime {
	w := &oneAtATime{files: make(chan file, queued), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for f := range w.files {
			put(f.name, f.data)
		}
	}()
	return w
}

// put queues a file to write.
func (w *oneAtATime) put(name string, data []byte) { w.files <- file{name, data} }

// close waits until every file given is written.
func (w *oneAtATime) close() {
	close(w.files)
	<-w.done
}
