// Package cliflags is how every handbook command declares and parses its
// flags: a FlagSet whose usage line is generated from the flags it
// declares (so it cannot drift from them), and flags allowed before and
// after the positional arguments.
package cliflags

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// New makes a command's FlagSet, whose errors and help go to stderr.
// positional describes the arguments after the flags ("PATH", "[PATH…]");
// about, when given, is printed between the usage line and the flags.
func New(name, positional string, stderr io.Writer, about ...string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: %s\n\n", UsageLine(fs, positional))
		for _, line := range about {
			fmt.Fprintln(stderr, line)
		}
		if len(about) > 0 {
			fmt.Fprintln(stderr)
		}
		fmt.Fprintln(stderr, "Flags:")
		fs.PrintDefaults()
	}
	return fs
}

// UsageLine is "handbook NAME [--flag VALUE] … POSITIONAL" for fs (a
// `NAME` in back quotes in a flag's help names its value).
func UsageLine(fs *flag.FlagSet, positional string) string {
	parts := []string{"handbook", fs.Name()}
	fs.VisitAll(func(f *flag.Flag) {
		if IsBool(f) {
			parts = append(parts, "[--"+f.Name+"]")
			return
		}
		value, _ := flag.UnquoteUsage(f)
		parts = append(parts, "[--"+f.Name+" "+value+"]")
	})
	if positional != "" {
		parts = append(parts, positional)
	}
	return strings.Join(parts, " ")
}

// IsBool reports whether f is a switch (--name, no value).
func IsBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// ParseInterleaved parses flags that may come before or after positional
// arguments ("new PATH --title T"), returning the positional ones; "--"
// ends the flags.
func ParseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}
