//go:build !unix

// Package fileio reads and writes whole files (see fileio_unix.go); here
// as package os does.
package fileio

import "os"

// WriteFile is os.WriteFile with mode 0644.
func WriteFile(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }

// ReadFile is os.ReadFile.
func ReadFile(name string) ([]byte, error) { return os.ReadFile(name) }
