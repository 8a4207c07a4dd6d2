package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// newFlags makes a command's FlagSet, whose errors and help go to stderr.
// Its usage line is generated from the flags it declares (a `NAME` in
// back quotes in a flag's help names its value), so it cannot drift from
// them; positional describes the arguments after the flags ("PATH",
// "[PATH…]").
func newFlags(name, positional string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: %s\n\nFlags:\n", usageLine(fs, positional))
		fs.PrintDefaults()
	}
	return fs
}

// usageLine is "handbook NAME [--flag VALUE] … POSITIONAL" for fs.
func usageLine(fs *flag.FlagSet, positional string) string {
	parts := []string{"handbook", fs.Name()}
	fs.VisitAll(func(f *flag.Flag) {
		if isBool(f) {
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

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// projectFlags declares the flags every command that loads the project
// has, once: where it is and how to read it (see project.Options).
func (f *buildFlags) projectFlags(fs *flag.FlagSet) {
	fs.StringVar(&f.source, "source", ".", "the project folder `SOURCE`, holding the config (handbook.yaml, mkdocs.yml, zensical.toml) and the pages")
	fs.StringVar(&f.config, "config", "", "config `FILE` of any name, its format told by its extension and keys (default: the first of handbook.yaml, mkdocs.yml, mkdocs.yaml, zensical.toml, zensical.yml in SOURCE)")
}

// siteFlags declares the flags of the commands that build the site.
func (f *buildFlags) siteFlags(fs *flag.FlagSet, drafts bool) {
	f.projectFlags(fs)
	fs.StringVar(&f.baseURL, "base-url", "", "published site `URL`, e.g. https://user.github.io/repo/ (overrides the config's; serve serves under its path)")
	fs.StringVar(&f.theme, "theme", "", "theme `DIR` overriding files of the default theme (default SOURCE/theme)")
	fs.BoolVar(&f.drafts, "drafts", drafts, "include pages with draft: true")
}
