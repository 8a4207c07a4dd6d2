// Command gen writes the emoji package's data file, shortcodes.tsv: each
// gemoji shortcode with its Unicode emoji. gen.sh fetches the pinned gemoji
// package and runs it.
//
//	go run . -gemoji gemoji.json               # rewrite ../shortcodes.tsv
//	go run . -gemoji gemoji.json -check        # fail if it differs from a fresh run
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"sort"
	"strings"
)

func main() {
	gemojiJSON := flag.String("gemoji", "", "gemoji list as JSON")
	out := flag.String("out", "../shortcodes.tsv", "data file to write")
	source := flag.String("source", "gemoji", "package and version the list came from, named in the file's header")
	check := flag.Bool("check", false, "write nothing; fail if the data file differs from a fresh run")
	flag.Parse()

	data, err := os.ReadFile(*gemojiJSON)
	if err != nil {
		log.Fatal(err)
	}
	table, err := generate(data, *source)
	if err != nil {
		log.Fatal(err)
	}
	if *check {
		if err := checkFile(*out, table); err != nil {
			log.Fatal(err)
		}
		return
	}
	if err := os.WriteFile(*out, table, 0o644); err != nil {
		log.Fatal(err)
	}
}

type gemojiEntry struct {
	Emoji string   `json:"emoji"`
	Names []string `json:"names"`
}

// generate turns gemoji's list into the data file: a header naming the
// source, then one "shortcode<TAB>emoji" line per shortcode, sorted.
func generate(gemojiJSON []byte, source string) ([]byte, error) {
	var entries []gemojiEntry
	if err := json.Unmarshal(gemojiJSON, &entries); err != nil {
		return nil, err
	}
	byName := map[string]string{}
	for _, e := range entries {
		for _, name := range e.Names {
			if strings.ContainsAny(name+e.Emoji, "\t\n") || name == "" || e.Emoji == "" {
				return nil, fmt.Errorf("entry %q %q cannot be written as a line", name, e.Emoji)
			}
			byName[name] = e.Emoji
		}
	}
	names := make([]string, 0, len(byName))
	for name := range byName {
		names = append(names, name)
	}
	sort.Strings(names)
	var b bytes.Buffer
	fmt.Fprintf(&b, "# gemoji shortcodes from %s, written by gen/gen.sh: do not edit.\n", source)
	for _, name := range names {
		fmt.Fprintf(&b, "%s\t%s\n", name, byName[name])
	}
	return b.Bytes(), nil
}

// checkFile fails unless the file at path holds want.
func checkFile(path string, want []byte) error {
	got, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !bytes.Equal(got, want) {
		return errors.New(path + " differs from a fresh run: run gen/gen.sh")
	}
	return nil
}
