package iconpack

import (
	"bytes"
	"fmt"
	"math/rand"
	"strings"
	"sync"
	"testing"
)

// sample returns n distinct icons whose SVGs add up to several chunks.
func sample(n int) []Icon {
	rng := rand.New(rand.NewSource(1))
	icons := make([]Icon, n)
	for i := range icons {
		var d strings.Builder
		for j := 0; j < 20+rng.Intn(200); j++ {
			fmt.Fprintf(&d, "l%d.%d %d ", rng.Intn(100), rng.Intn(1000), rng.Intn(24))
		}
		icons[i] = Icon{
			Name: fmt.Sprintf("icon-%05d", (i*7919)%n), // written out of order
			SVG:  []byte(`<svg viewBox="0 0 24 24"><path d="` + d.String() + `"/></svg>`),
		}
	}
	return icons
}

func write(t testing.TB, icons []Icon) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, icons); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestRoundTrip(t *testing.T) {
	icons := sample(600)
	p := New(write(t, icons))
	if err := p.ChunkErr(); err != nil {
		t.Fatal(err)
	}
	if p.Len() != len(icons) {
		t.Fatalf("Len = %d, want %d", p.Len(), len(icons))
	}
	if len(p.chunks) < 5 {
		t.Fatalf("only %d chunks: the sample should span several", len(p.chunks))
	}
	for _, ic := range icons {
		got, ok := p.Lookup(ic.Name)
		if !ok || got != string(ic.SVG) {
			t.Fatalf("Lookup(%q) = %.40q, %v; want %.40q", ic.Name, got, ok, ic.SVG)
		}
	}
	names := p.Names()
	for i := 1; i < len(names); i++ {
		if names[i-1] >= names[i] {
			t.Fatalf("names not sorted at %d: %q, %q", i, names[i-1], names[i])
		}
	}
	for _, missing := range []string{"", "icon", "icon-99999", "zzz", "icon-00001x"} {
		if _, ok := p.Lookup(missing); ok || p.Has(missing) {
			t.Errorf("Lookup(%q) found an icon", missing)
		}
	}
}

func TestLookupDecompressesOneChunk(t *testing.T) {
	p := New(write(t, sample(600)))
	if _, ok := p.Lookup("icon-00234"); !ok {
		t.Fatal("icon-01234 not found")
	}
	if !p.Has("icon-00007") {
		t.Fatal("Has(icon-00007) = false")
	}
	done := 0
	for i := range p.chunks {
		if p.chunks[i].text != "" {
			done++
		}
	}
	if done != 1 {
		t.Errorf("%d chunks decompressed after one lookup, want 1", done)
	}
}

func TestWriteIsDeterministic(t *testing.T) {
	icons := sample(500)
	a := write(t, icons)
	rev := append([]Icon(nil), icons...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	if b := write(t, rev); a != b {
		t.Error("the same icons in another order gave different bytes")
	}
}

func TestWriteRejectsBadNames(t *testing.T) {
	for _, icons := range [][]Icon{
		{{Name: "a", SVG: []byte("x")}, {Name: "a", SVG: []byte("y")}},
		{{Name: "", SVG: []byte("x")}},
	} {
		if err := Write(&bytes.Buffer{}, icons); err == nil {
			t.Errorf("Write(%v) succeeded", icons)
		}
	}
}

func TestEmptyPack(t *testing.T) {
	p := New(write(t, nil))
	if err := p.Err(); err != nil || p.Len() != 0 {
		t.Fatalf("empty pack: err %v, len %d", err, p.Len())
	}
	if _, ok := p.Lookup("a"); ok {
		t.Error("found an icon in an empty pack")
	}
}

// TestCorruptPacks: a truncated pack is an error, and a flipped byte
// anywhere gives an error, missing icons or changed ones (DEFLATE has no
// checksum), never a panic.
func TestCorruptPacks(t *testing.T) {
	data := write(t, sample(60))
	for n := 0; n < len(data); n += 1 + n/50 {
		p := New(data[:n])
		if p.Err() == nil {
			t.Fatalf("pack cut at %d of %d bytes read without error", n, len(data))
		}
		if _, ok := p.Lookup("icon-00001"); ok {
			t.Fatalf("pack cut at %d bytes: found an icon", n)
		}
	}
	b := []byte(data)
	for i := 0; i < len(b); i += 1 + i/40 {
		b[i] ^= 0x55
		p := New(string(b))
		_ = p.ChunkErr()
		for _, name := range p.Names() {
			p.Lookup(name)
		}
		b[i] ^= 0x55
	}
	if New("not a pack").Err() == nil {
		t.Error("garbage read as a pack")
	}
}

func TestConcurrentLookups(t *testing.T) {
	icons := sample(600)
	p := New(write(t, icons))
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := g; i < len(icons); i += 3 {
				if got, ok := p.Lookup(icons[i].Name); !ok || got != string(icons[i].SVG) {
					errs <- icons[i].Name
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for name := range errs {
		t.Errorf("concurrent Lookup(%q) wrong", name)
	}
}

func FuzzNew(f *testing.F) {
	var b bytes.Buffer
	_ = Write(&b, sample(20))
	f.Add(b.String())
	f.Add(magic)
	f.Fuzz(func(t *testing.T, data string) {
		p := New(data)
		_ = p.ChunkErr()
		for _, name := range p.Names() {
			p.Lookup(name)
		}
	})
}

func BenchmarkLookup(b *testing.B) {
	icons := sample(7000)
	p := New(write(b, icons))
	p.ChunkErr()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, ok := p.Lookup(icons[i%len(icons)].Name); !ok {
			b.Fatal("missing")
		}
	}
}
