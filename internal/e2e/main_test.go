package e2e

import (
	"context"
	"os"
	"testing"
)

var cleanup []string

func tempDir() (string, error) {
	d, err := os.MkdirTemp("", "handbook-e2e-")
	if err == nil {
		cleanup = append(cleanup, d)
	}
	return d, err
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range cleanup {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

type contextT = context.Context
