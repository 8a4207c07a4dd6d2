package stamp

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"handbook/internal/diag"
)

func sampleStamp() *Stamp {
	return &Stamp{
		Inputs: "abc", Started: 1234567890123,
		Files: []FileStat{{Path: "content", Mode: fs.ModeDir}, {Path: "content/a.md", Size: 10, Mod: 99, Mode: 0o644, Hash: "0123456789abcdef"},
			{Path: "content/ab.md", Size: -1}, {Path: "theme", Size: -1}},
		Output: []FileStat{{Path: ".", Mode: fs.ModeDir | 0o755, Mod: 5}, {Path: "a/index.html", Size: 3, Mod: 7, Mode: 0o644, Hash: "ff"}},
		Diags:  []diag.Diagnostic{{Path: "content/a.md", Line: 3, Col: 4, Severity: diag.Warning, Code: "x", Message: "careful"}},
		Pages:  2, Assets: 1, State: "state-1",
	}
}

func TestStampRoundTrip(t *testing.T) {
	s := sampleStamp()
	got, err := decodeStamp(s.encode())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, s) {
		t.Fatalf("decoded\n%+v\nwant\n%+v", got, s)
	}
	b := s.encode()
	for _, cut := range []int{0, 5, len(b) / 2, len(b) - 1} {
		if _, err := decodeStamp(b[:cut]); err == nil {
			t.Errorf("a stamp cut at %d bytes decodes", cut)
		}
	}
	b[len(b)-3] ^= 1
	if _, err := decodeStamp(b); err == nil {
		t.Error("a damaged stamp decodes")
	}
}

// TestLongListingsRoundTrip: listings long enough to be encoded in pieces
// at once come out as one goroutine writes them, and decode back, with
// numbers and lengths at their limits (paths longer than 127 bytes, the
// largest times, sizes of -1, modes with their high bits).
func TestLongListingsRoundTrip(t *testing.T) {
	s := sampleStamp()
	s.Files, s.Output = nil, nil
	long := strings.Repeat("x", 300)
	for i := range 3*listingPiece + 77 {
		f := FileStat{Path: fmt.Sprintf("section-%03d/case-%05d/index.html", i/1000, i), Size: int64(i * 37), Mod: 1_700_000_000_000_000_000 + int64(i), Mode: 0o644, Hash: "0123456789abcdef"}
		switch i % 5 {
		case 1:
			f.Path, f.Size, f.Mode, f.Hash = fmt.Sprintf("section-%03d/%s/%d", i/1000, long, i), -1, fs.ModeDir|fs.ModeSymlink|0o755, ""
		case 2:
			f.Mod, f.Size = 1<<63-1, 1<<62
		case 3:
			f.Mod = -1 << 63
		}
		s.Output = append(s.Output, f)
		if i < listingPiece+5 {
			s.Files = append(s.Files, f)
		}
	}
	got, err := decodeStamp(s.encode())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, s) {
		t.Fatal("a stamp with long listings does not round-trip")
	}
	one := binary.AppendUvarint(nil, uint64(len(s.Output)))
	one = appendEntries(one, s.Output, "")
	if pieces := appendListing(nil, s.Output); !bytes.Equal(pieces, one) {
		t.Fatal("a listing encoded in pieces differs from one encoded whole")
	}
	if room := listingRoom(s.Output); len(one) > room {
		t.Fatalf("the listing takes %d bytes, more than the %d its room allows", len(one), room)
	}
}

// FuzzDecodeStamp: any bytes decode to a stamp or an error, never a panic
// or an allocation larger than the input warrants.
func FuzzDecodeStamp(f *testing.F) {
	f.Add(sampleStamp().encode())
	f.Add([]byte(stampMagic))
	f.Add(sampleStamp().encode()[len(stampMagic)+6:])
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := decodeStamp(b); err == nil && len(b) < len(stampMagic) {
			t.Fatal("a short input decodes")
		}
		s, err := decodeStampBody(b)
		if err == nil {
			if again, err := decodeStamp(s.encode()); err != nil || !reflect.DeepEqual(again, s) {
				t.Fatalf("a decoded stamp does not round-trip: %v", err)
			}
		}
	})
}

// TestUpToDate: a stamp taken again over unchanged inputs matches; a
// changed size, time or key does not; a file modified within the racy
// window is compared by content, and the match asks for a refresh.
func TestUpToDate(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(src, "a.md")
	write := func(text string, mod time.Time) {
		t.Helper()
		if err := os.WriteFile(page, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(page, mod, mod); err != nil {
			t.Fatal(err)
		}
	}
	in := Inputs{Key: []string{"opts"}, Trees: []string{src}}
	take := func() *Stamp {
		t.Helper()
		s, err := Take(in, filepath.Join(dir, "public"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	old := time.Now().Add(-time.Hour)
	write("one", old)
	prev := take()
	if ok, refresh := take().UpToDate(prev); !ok || refresh {
		t.Errorf("unchanged: up to date %v, refresh %v", ok, refresh)
	}
	write("two", old.Add(time.Minute))
	if ok, _ := take().UpToDate(prev); ok {
		t.Error("a changed time is up to date")
	}
	in.Key = []string{"other options"}
	if ok, _ := take().UpToDate(prev); ok {
		t.Error("changed options are up to date")
	}
	in.Key = []string{"opts"}

	now := time.Now()
	write("thr", now) // racy: hashed
	prev = take()
	if ok, refresh := take().UpToDate(prev); !ok || refresh {
		t.Errorf("one small racy file, unchanged: up to date %v, refresh %v (reading it again is cheaper)", ok, refresh)
	}
	write("THR", now) // same size and time, new content
	if ok, _ := take().UpToDate(prev); ok {
		t.Error("a racy file edited without changing its size or time is up to date")
	}

	// Many racy files found unchanged: the stamp is worth saving again.
	for i := range refreshAfter + 1 {
		p := filepath.Join(src, fmt.Sprintf("many-%d.md", i))
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	prev = take()
	if ok, refresh := take().UpToDate(prev); !ok || !refresh {
		t.Errorf("many racy files, unchanged: up to date %v, refresh %v", ok, refresh)
	}
	// One large racy file is as many.
	for i := range refreshAfter + 1 {
		os.Remove(filepath.Join(src, fmt.Sprintf("many-%d.md", i)))
	}
	write(strings.Repeat("x", (refreshAfter+1)<<10), now)
	prev = take()
	if ok, refresh := take().UpToDate(prev); !ok || !refresh {
		t.Errorf("a large racy file, unchanged: up to date %v, refresh %v", ok, refresh)
	}
}

// Changed lists the files added, removed or changed since the last
// stamp (by size and time; by content for those racy then), the files
// found during the last build that changed, each once; it knows nothing
// of a stamp of other inputs.
func TestChanged(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	write := func(name, text string, mod time.Time) string {
		t.Helper()
		p := filepath.Join(src, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mod, mod); err != nil {
			t.Fatal(err)
		}
		return p
	}
	in := Inputs{Key: []string{"opts"}, Trees: []string{src}}
	take := func() *Stamp {
		t.Helper()
		s, err := Take(in, filepath.Join(dir, "public"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a, b, c := write("a.md", "a", old), write("b.md", "b", old), write("c.md", "c", old)
	racy := write("racy.md", "racy", time.Now())
	prev := take()
	prev.RecordRead([]string{c}) // (a snippet that is a content file too)
	if got, ok := take().Changed(prev); !ok || len(got) != 0 {
		t.Errorf("nothing changed: %v (known %v)", got, ok)
	}
	write("a.md", "A!", old.Add(time.Minute))
	os.Remove(b)
	d := write("d.md", "d", old)
	write("c.md", "C", old.Add(time.Minute))
	write("racy.md", "RACY", time.Unix(0, prev.Files[slices.IndexFunc(prev.Files, func(f FileStat) bool { return f.Path == racy })].Mod))
	got, ok := take().Changed(prev)
	want := []string{a, b, c, d, racy}
	slices.Sort(want)
	if !ok || !slices.Equal(got, want) {
		t.Errorf("Changed = %v (known %v), want %v", got, ok, want)
	}
	in.Key = []string{"other options"}
	if _, ok := take().Changed(prev); ok {
		t.Error("what changed since a stamp of other inputs is known")
	}
	if _, ok := take().Changed(nil); ok {
		t.Error("what changed since no stamp is known")
	}
}
