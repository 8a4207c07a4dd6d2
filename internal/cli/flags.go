package cli

import (
	"flag"
	"io"

	"handbook/internal/cliflags"
)

// newFlags makes a command's FlagSet (see cliflags.New).
func newFlags(name, positional string, stderr io.Writer) *flag.FlagSet {
	return cliflags.New(name, positional, stderr)
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
