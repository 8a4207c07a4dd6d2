package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

func TestKeysSeparateFields(t *testing.T) {
	if NewKey().Str("ab", "c").Sum() == NewKey().Str("a", "bc").Sum() {
		t.Error(`("ab","c") and ("a","bc") have the same key`)
	}
	if NewKey().Num(1).Sum() == NewKey().Num(2).Sum() || NewKey().Bytes([]byte("x")).Sum() != NewKey().Str("x").Sum() {
		t.Error("numbers or bytes keyed wrong")
	}
	long := make([]byte, 10000) // past the buffer: flushed and still counted
	if NewKey().Bytes(long).Sum() == NewKey().Bytes(long[:9999]).Sum() {
		t.Error("long inputs keyed wrong")
	}
}

func TestStoreAnswersOnlyForTheSameKey(t *testing.T) {
	var s Store[string]
	k1, k2 := NewKey().Str("1").Sum(), NewKey().Str("2").Sum()
	if _, ok := s.Get("a", k1); ok {
		t.Fatal("empty store answered")
	}
	s.Put("a", k1, "one")
	if v, ok := s.Get("a", k1); !ok || v != "one" {
		t.Errorf("Get = %q %v", v, ok)
	}
	if _, ok := s.Get("a", k2); ok {
		t.Error("answered for other inputs")
	}
	var none *Store[string]
	none.Put("a", k1, "x")
	if _, ok := none.Get("a", k1); ok {
		t.Error("a nil store answered")
	}
}

func TestMemoComputesEachKeyOnce(t *testing.T) {
	var m Memo[int]
	var calls atomic.Int32
	k := NewKey().Str("k").Sum()
	var wg sync.WaitGroup
	hits := atomic.Int32{}
	for range 50 {
		wg.Go(func() {
			v, hit := m.Do(k, func() int { calls.Add(1); return 42 })
			if v != 42 {
				t.Errorf("got %d", v)
			}
			if hit {
				hits.Add(1)
			}
		})
	}
	wg.Wait()
	if calls.Load() != 1 || hits.Load() != 49 {
		t.Errorf("%d computations, %d hits", calls.Load(), hits.Load())
	}
	if v, ok := m.Peek(k); !ok || v != 42 {
		t.Errorf("Peek = %d %v", v, ok)
	}
	if _, ok := m.Peek(NewKey().Sum()); ok {
		t.Error("Peek found a key never asked for")
	}
}

func TestSpillGivesBackWhatWasPut(t *testing.T) {
	dir := t.TempDir()
	s, err := NewSpill(dir)
	if err != nil {
		t.Fatal(err)
	}
	var refs []Ref
	var want [][]byte
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			b := bytes.Repeat([]byte{byte(i)}, i*100)
			r, err := s.Put(b)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			refs, want = append(refs, r), append(want, b)
			mu.Unlock()
		})
	}
	wg.Wait()
	for i, r := range refs {
		if got, err := s.Get(r); err != nil || !bytes.Equal(got, want[i]) {
			t.Fatalf("slice %d: %v", i, err)
		}
	}
	left := func() int {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		return len(entries)
	}
	if runtime.GOOS != "windows" && left() != 0 {
		t.Error("the spill file is in the folder while open: a stopped build would leave it behind")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if left() != 0 {
		t.Error("the spill file is still there")
	}
}

// TestKeyIsTheHashOfItsFields: a key is the SHA-256 of its fields with
// their lengths, whether it is summed from its buffer alone (short keys)
// or its buffer was flushed into a hash state (long ones), and a key
// summed and added to again is that of everything added.
func TestKeyIsTheHashOfItsFields(t *testing.T) {
	field := func(s string) []byte {
		return append(binary.LittleEndian.AppendUint64(nil, uint64(len(s))), s...)
	}
	for _, n := range []int{0, 10, 4000, 5000, 20000} {
		long := strings.Repeat("x", n)
		k := NewKey().Str("a", long)
		stream := append(field("a"), field(long)...)
		if got, want := k.Sum(), Key(sha256.Sum256(stream)); got != want {
			t.Errorf("%d bytes: key %x, want %x", n, got[:4], want[:4])
		}
		k.Str("b")
		stream = append(stream, field("b")...)
		if got, want := k.Sum(), Key(sha256.Sum256(stream)); got != want {
			t.Errorf("%d bytes, then more: key %x, want %x", n, got[:4], want[:4])
		}
	}
}

// TestResetKeyStartsAnew: a writer reset after any key (summed from its
// buffer, or flushed into a hash state) makes the key a new writer
// makes, and a short key made so allocates nothing.
func TestResetKeyStartsAnew(t *testing.T) {
	k := NewKey()
	for _, n := range []int{0, 5000, 10, 20000, 3} {
		long := strings.Repeat("y", n)
		k.Str("before", long).Sum()
		if got, want := k.Reset().Str("a", long).Sum(), NewKey().Str("a", long).Sum(); got != want {
			t.Errorf("after a key of %d bytes: key %x, want %x", n, got[:4], want[:4])
		}
	}
	k.Reset()
	if n := testing.AllocsPerRun(100, func() { k.Reset().Str("title", "/url/").Sum() }); n != 0 {
		t.Errorf("a reset writer's short key allocates %v times", n)
	}
}

// TestSumOfIsTheKeyOfWhatWasAdded: a key summed with a writer used again
// is the one a new writer gives, whatever keys, short or long, it was
// used for before.
func TestSumOfIsTheKeyOfWhatWasAdded(t *testing.T) {
	for _, n := range []int{0, 10, 5000, 10, 20000, 0} {
		long := strings.Repeat("y", n)
		got := SumOf(func(k *KeyWriter) { k.Str("a", long).Num(n) })
		if want := NewKey().Str("a", long).Num(n).Sum(); got != want {
			t.Errorf("%d bytes: key %x, want %x", n, got[:4], want[:4])
		}
	}
}

// TestSpillGivesBackWhatWasWrittenAndWhatIsPending: slices put are
// gathered and written a chunk at a time; each comes back, whether it is
// in the file already or still pending, a slice larger than a chunk too.
func TestSpillGivesBackWhatWasWrittenAndWhatIsPending(t *testing.T) {
	s, err := NewSpill(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var refs []Ref
	var want [][]byte
	for i, n := range []int{10, spillChunk / 3, spillChunk, 0, 7, 3 * spillChunk, spillChunk / 2, 1} {
		b := bytes.Repeat([]byte{byte(i + 1)}, n)
		r, err := s.Put(b)
		if err != nil {
			t.Fatal(err)
		}
		refs, want = append(refs, r), append(want, b)
	}
	if s.written == 0 || len(s.pending) == 0 {
		t.Fatalf("written %d, pending %d: expected both", s.written, len(s.pending))
	}
	for i, r := range refs {
		if got, err := s.GetInto(make([]byte, 5), r); err != nil || !bytes.Equal(got, want[i]) {
			t.Fatalf("slice %d: %v", i, err)
		}
	}
}

// TestSpillKeepsWhatItCouldNotWrite: when writing the gathered slices
// fails, they stay readable from memory and later Puts are refused (the
// caller keeps those pages in memory itself).
func TestSpillKeepsWhatItCouldNotWrite(t *testing.T) {
	s, err := NewSpill(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	small := []byte("a page's HTML")
	r1, err := s.Put(small)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.f.Close(); err != nil { // every write fails from now on
		t.Fatal(err)
	}
	big := bytes.Repeat([]byte{'x'}, spillChunk)
	r2, err := s.Put(big)
	if err != nil {
		t.Fatalf("the slice that filled the chunk was refused: %v", err)
	}
	if _, err := s.Put(small); err == nil {
		t.Error("a Put after a failed write was taken")
	}
	for _, c := range []struct {
		r    Ref
		want []byte
	}{{r1, small}, {r2, big}} {
		if got, err := s.Get(c.r); err != nil || !bytes.Equal(got, c.want) {
			t.Errorf("slice at %d lost: %v", c.r.off, err)
		}
	}
}
