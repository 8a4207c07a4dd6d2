package buildstate

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"handbook/internal/cache"
	"handbook/internal/markdown"
	"handbook/internal/site"
)

// logState saves n pages, each with a conversion of its own, and reads
// the state back.
func logState(t *testing.T, n int) (string, cache.Key, Saving, *State) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "state-x.bin")
	key := cache.NewKey().Str("settings").Sum()
	s := Saving{Structure: "structure"}
	for i := range n {
		res := &markdown.Result{Title: fmt.Sprintf("Page %d", i), IDs: []string{strings.Repeat("id", 100)}}
		s.Pages = append(s.Pages, Page{Src: fmt.Sprintf("p%d.md", i), Key: cache.NewKey().Str("p", fmt.Sprint(i)).Sum(), Conv: Conversion{Res: res}})
	}
	if _, err := Write(file, key, s); err != nil {
		t.Fatal(err)
	}
	st, ok := Read(file, key)
	if !ok {
		t.Fatal("the state saved is not read")
	}
	return file, key, s, st
}

// logs lists the logs beside a state file.
func logs(t *testing.T, file string) []string {
	t.Helper()
	names, err := filepath.Glob(strings.TrimSuffix(file, ".bin") + ".*.log*")
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func title(t *testing.T, p Page) string {
	t.Helper()
	c, ok := p.Conv.Unpack(&site.Site{})
	if !ok {
		t.Fatalf("%s: the conversion does not unpack", p.Src)
	}
	return c.Res.Title
}

// A state saved again from the one read, with one page converted anew,
// appends that conversion to the log and leaves the others where they
// are; the log grows by that one only.
func TestStateAppendsTheConversionsThatChanged(t *testing.T) {
	file, key, s, st := logState(t, 20)
	before := logs(t, file)
	if len(before) != 1 {
		t.Fatalf("logs after the first save: %v", before)
	}
	info, _ := os.Stat(before[0])
	s.Pages = st.Pages
	s.Pages[3].Conv = Conversion{Res: &markdown.Result{Title: "Edited"}}
	s.log = st.log
	if _, err := Write(file, key, s); err != nil {
		t.Fatal(err)
	}
	after := logs(t, file)
	grown, _ := os.Stat(before[0])
	if !reflect.DeepEqual(after, before) || grown.Size() <= info.Size() || grown.Size()-info.Size() > 100 {
		t.Errorf("the log was not appended to: %v (%d bytes) → %v (%d bytes)", before, info.Size(), after, grown.Size())
	}
	again, ok := Read(file, key)
	if !ok {
		t.Fatal("the state saved again is not read")
	}
	for i, p := range again.Pages {
		want := fmt.Sprintf("Page %d", i)
		if i == 3 {
			want = "Edited"
		}
		if got := title(t, p); got != want {
			t.Errorf("page %d reads back as %q, want %q", i, got, want)
		}
	}
}

// What a stopped build appended after the end of the log the state names
// is cut off by the next build that appends; the state it left is read
// as it was.
func TestStateIgnoresWhatAStoppedBuildAppended(t *testing.T) {
	file, key, s, st := logState(t, 5)
	log := logs(t, file)[0]
	f, err := os.OpenFile(log, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("half a conversion")
	f.Close()
	again, ok := Read(file, key)
	if !ok || title(t, again.Pages[4]) != "Page 4" {
		t.Fatal("the state is not read as it was")
	}
	s.Pages, s.log = again.Pages, again.log
	s.Pages[0].Conv = Conversion{Res: &markdown.Result{Title: "Edited"}}
	if _, err := Write(file, key, s); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(log)
	if strings.Contains(string(b), "half a conversion") {
		t.Error("what the stopped build appended is still in the log")
	}
	third, ok := Read(file, key)
	if !ok || title(t, third.Pages[0]) != "Edited" || title(t, third.Pages[4]) != "Page 4" {
		t.Error("the state saved after it is not read back")
	}
	_ = st
}

// A state whose pages use less than half of its log is saved with a new
// log holding only theirs, and the old log is removed.
func TestStateWritesANewLogWhenMostOfItIsUnused(t *testing.T) {
	file, key, s, st := logState(t, 10)
	old := logs(t, file)
	s.Pages = st.Pages
	for i := range 6 {
		s.Pages[i].Conv = Conversion{Res: &markdown.Result{Title: fmt.Sprintf("New %d", i)}}
	}
	s.log = st.log
	if _, err := Write(file, key, s); err != nil {
		t.Fatal(err)
	}
	now := logs(t, file)
	if len(now) != 1 || now[0] == old[0] {
		t.Fatalf("logs: %v → %v, want one new log", old, now)
	}
	again, ok := Read(file, key)
	if !ok || title(t, again.Pages[0]) != "New 0" || title(t, again.Pages[9]) != "Page 9" {
		t.Error("the state with a new log is not read back")
	}
}

// A state whose log is gone, or is another state's, is not read.
func TestStateWithoutItsLogIsNotRead(t *testing.T) {
	file, key, _, _ := logState(t, 3)
	log := logs(t, file)[0]
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(log)
	if _, ok := Read(file, key); ok {
		t.Error("a state without its log is read")
	}
	b[len(logMagic)+2] ^= 1 // (in its ID)
	os.WriteFile(log, b, 0o644)
	if _, ok := Read(file, key); ok {
		t.Error("a state whose log is another's is read")
	}
}
