//go:build !unix

package output

import "os"

// processAlive: on Windows, finding a process opens it, which fails once
// it has exited.
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
