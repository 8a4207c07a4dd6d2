package icons

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"

	"handbook/internal/markdown/icons/iconpack"
	"handbook/internal/markdown/mdtest"
)

// spread returns n icon names taken evenly across every bundled set.
func spread(n int) []string {
	var all []string
	for _, s := range bundled {
		for _, name := range s.pack.Names() {
			all = append(all, s.name+"-"+name)
		}
	}
	names := make([]string, n)
	for i := range names {
		names[i] = all[i*len(all)/n]
	}
	return names
}

// BenchmarkLookup: a warm lookup (index read, chunk decompressed).
func BenchmarkLookup(b *testing.B) {
	names := spread(1000)
	for _, n := range names {
		if _, ok := Lookup(n); !ok {
			b.Fatalf("%s missing", n)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Lookup(names[i%len(names)])
	}
}

// BenchmarkFirstLookup: the first icon of a set in a process: the set's
// index is read and one chunk decompressed.
func BenchmarkFirstLookup(b *testing.B) {
	for _, c := range []struct{ set, data, icon string }{
		{"material", materialPack, "heart"},
		{"simple", simplePack, "python"},
	} {
		b.Run(c.set, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, ok := iconpack.New(c.data).Lookup(c.icon); !ok {
					b.Fatal("missing")
				}
			}
		})
	}
}

// page300 is a page of 30 paragraphs, each with 10 icons from every set.
func page300() []byte {
	var src strings.Builder
	for i, name := range spread(300) {
		if i%10 == 0 {
			src.WriteString("\n\nSome text")
		}
		fmt.Fprintf(&src, " :%s: word", name)
	}
	return []byte(src.String())
}

// BenchmarkPage300Icons converts a page with 300 different icons, with the
// chunks they need already decompressed (as on every page after the first).
func BenchmarkPage300Icons(b *testing.B) {
	src := page300()
	md := mdtest.New(Extension)
	var out bytes.Buffer
	pc := parser.NewContext()
	if err := md.Convert(src, &out, parser.WithContext(pc)); err != nil {
		b.Fatal(err)
	}
	if n := strings.Count(out.String(), `<span class="twemoji">`); n != 300 || len(Warnings(pc)) != 0 {
		b.Fatalf("%d icons rendered", n)
	}
	base := mdtest.New()
	b.Run("with-icons", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			out.Reset()
			_ = md.Convert(src, &out)
		}
	})
	b.Run("goldmark-alone", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			out.Reset()
			_ = base.Convert(src, &out)
		}
	})
}

// BenchmarkPage300IconsCold is the same page in a fresh process: every
// set's index and every chunk the page touches are read first.
func BenchmarkPage300IconsCold(b *testing.B) {
	src := page300()
	data := map[string]string{"material": materialPack, "octicons": octiconsPack,
		"fontawesome": fontawesomePack, "simple": simplePack, "lucide": lucidePack}
	saved := append([]bundledSet(nil), bundled...)
	defer copy(bundled, saved)
	md := mdtest.New(Extension)
	var out bytes.Buffer
	for i := 0; i < b.N; i++ {
		for j := range bundled {
			bundled[j].pack = iconpack.New(data[bundled[j].name])
		}
		out.Reset()
		_ = md.Convert(src, &out)
	}
}

// BenchmarkSuggest: the nearest names for a misspelt icon (a warning).
func BenchmarkSuggest(b *testing.B) {
	var lib *Library
	for i := 0; i < b.N; i++ {
		if len(lib.Suggest("material-accont-circle")) == 0 {
			b.Fatal("no suggestion")
		}
	}
}
