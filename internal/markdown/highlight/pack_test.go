package highlight

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"testing"
)

func testEntries() []packEntry {
	var entries []packEntry
	for i, payload := range []string{"<div>a</div>\n", "", "<pre>\x00\xff</pre>"} {
		entries = append(entries, packEntry{sha256.Sum256([]byte{byte(i)}), []byte(payload)})
	}
	return entries
}

func TestPackRoundTrip(t *testing.T) {
	want := testEntries()
	encoded := encodePack(want)
	original := bytes.Clone(encoded)
	if int64(len(encoded)) != packSize(want) {
		t.Fatalf("encoded %d bytes, packSize says %d", len(encoded), packSize(want))
	}
	got, err := decodePack(encoded)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("decoded %d entries, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].key != want[i].key || !bytes.Equal(got[i].payload, want[i].payload) {
			t.Fatalf("entry %d differs: %+v", i, got[i])
		}
	}
	// Payloads share the pack's memory; appending to one must not reach the next.
	_ = append(got[0].payload, "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"...)
	if !bytes.Equal(encoded, original) {
		t.Fatal("appending to a payload overwrote the pack after it")
	}
}

func TestEmptyPackIsValid(t *testing.T) {
	entries, err := decodePack(encodePack(nil))
	if err != nil || len(entries) != 0 {
		t.Fatalf("decodePack(empty pack) = %v, %v", entries, err)
	}
}

func TestDamagedPacksAreRejectedWhole(t *testing.T) {
	valid := encodePack(testEntries())
	for i := range valid {
		damaged := bytes.Clone(valid)
		damaged[i] ^= 0x80
		if entries, err := decodePack(damaged); !errors.Is(err, errPackDamaged) || entries != nil {
			t.Fatalf("byte %d flipped: decodePack = %d entries, %v", i, len(entries), err)
		}
	}
	for n := range len(valid) {
		if _, err := decodePack(valid[:n]); err == nil {
			t.Fatalf("pack truncated to %d bytes was accepted", n)
		}
	}
}

func TestPackNames(t *testing.T) {
	name := packName(encodePack(testEntries()))
	if !isPackName(name) {
		t.Fatalf("isPackName(%q) = false", name)
	}
	if packName(encodePack(testEntries())) != name {
		t.Fatal("the same entries made differently named packs")
	}
	if packName(encodePack(testEntries()[:1])) == name {
		t.Fatal("different packs share a name")
	}
	for _, other := range []string{"pack-.hbc", "pack-0123.hbc", "pack-" + name[5:37] + ".hbc.tmp", "x" + name, "pack-0123456789ABCDEF0123456789abcdef.hbc", ".tmp-123"} {
		if isPackName(other) {
			t.Errorf("isPackName(%q) = true", other)
		}
	}
}

// FuzzDecodePack checks that no input panics, and that whatever decodes
// re-encodes to the same bytes (so nothing is accepted that a build could
// not have written).
func FuzzDecodePack(f *testing.F) {
	f.Add(encodePack(testEntries()))
	f.Add(encodePack(nil))
	f.Add([]byte(packMagic))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := decodePack(data)
		if err != nil {
			return
		}
		if again := encodePack(entries); !bytes.Equal(again, data) {
			t.Fatalf("decoded pack re-encodes differently")
		}
	})
}
