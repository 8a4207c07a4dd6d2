package build

// Output receives the built files as they are produced. Without one, a
// build collects its files in Result.Files (what serve uses); the CLI
// streams them to disk (output.Disk) so a large site is never held in
// memory.
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
	g.digest.Add(name, data) // Result.Files is not kept: remember the file for sw.js
	if err := g.opts.Output.Put(name, data); err != nil {
		g.mu.Lock()
		g.result.Diags.Errorf(name, 0, 0, "write", "cannot write output: %v", err)
		g.mu.Unlock()
	}
}
