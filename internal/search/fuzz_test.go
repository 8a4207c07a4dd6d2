package search

import (
	"encoding/json"
	"strings"
	"testing"
)

func FuzzBuild(f *testing.F) {
	f.Add("intro\x00Page\x00\x00Some text\x00code()\x00L6", 3)
	f.Add("a/#b\x00Ré\x00H1\x00<img src=x>\x00\x00L7\x01x/\x00\x00\x00\x00\x00", 1)
	f.Fuzz(func(t *testing.T, spec string, firstTier int) {
		var docs []Doc
		for _, rec := range strings.Split(spec, "\x01") {
			f := strings.Split(rec, "\x00")
			for len(f) < 6 {
				f = append(f, "")
			}
			docs = append(docs, Doc{URL: f[0], Page: f[1], Headings: strings.Fields(f[2]), Text: f[3], Code: f[4], Levels: strings.Fields(f[5])})
		}
		files, err := Build(docs, Options{FirstTier: firstTier % 8, ShardBytes: 64, ChunkDocs: 2})
		if err != nil {
			t.Fatal(err)
		}
		for name, body := range files {
			if !json.Valid(body) {
				t.Fatalf("%s is not valid JSON: %q", name, body)
			}
		}
		if _, ok := files[EntryPath]; !ok {
			t.Fatal("no entry file")
		}
	})
}
