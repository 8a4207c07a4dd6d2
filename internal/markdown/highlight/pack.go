package highlight

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"strings"
)

// A pack file holds many cached blocks:
//
//	magic "HBHLPACK" | format version (uint16) | chroma version (uint16 length, bytes)
//	entries: key (32 bytes) | payload length (uint32) | payload
//	sha256 of everything above (32 bytes)
//
// Integers are big-endian. A pack is only ever renamed into place once
// complete, and the trailing checksum rejects one truncated or damaged
// afterwards (for instance by a crash before the data reached the disk), so a
// reader sees all of a pack's entries or none.
const (
	packMagic         = "HBHLPACK"
	packFormatVersion = 1
	packPrefix        = "pack-"
	packSuffix        = ".hbc"
	// packNameHexLen is the length of the hex checksum prefix naming a pack.
	packNameHexLen = 32
	// entryOverhead is the fixed size of an entry besides its payload.
	entryOverhead = sha256.Size + 4
)

// packEntry is one cached block: its key and its HTML.
type packEntry struct {
	key     cacheKey
	payload []byte
}

func (e packEntry) size() int64 { return int64(entryOverhead + len(e.payload)) }

// packHeader is the header every pack written by this binary starts with.
func packHeader() []byte {
	version := chromaVersion()
	h := make([]byte, 0, len(packMagic)+4+len(version))
	h = append(h, packMagic...)
	h = binary.BigEndian.AppendUint16(h, packFormatVersion)
	h = binary.BigEndian.AppendUint16(h, uint16(len(version)))
	return append(h, version...)
}

// packOverhead is the size of a pack holding no entries.
func packOverhead() int64 { return int64(len(packHeader()) + sha256.Size) }

// encodePack serialises entries, in the order given, into a pack.
func encodePack(entries []packEntry) []byte {
	size := packOverhead()
	for _, e := range entries {
		size += e.size()
	}
	b := make([]byte, 0, size)
	b = append(b, packHeader()...)
	for _, e := range entries {
		b = append(b, e.key[:]...)
		b = binary.BigEndian.AppendUint32(b, uint32(len(e.payload)))
		b = append(b, e.payload...)
	}
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

var (
	errPackDamaged = errors.New("damaged pack")
	// errPackForeign marks an intact pack written with another format or
	// chroma version: none of its keys can match this binary's.
	errPackForeign = errors.New("pack from another version")
)

// decodePack returns a pack's entries in file order. Payloads share data's
// memory, each capped at its own length so appending to one cannot overwrite
// the next. Any damage rejects the whole pack.
func decodePack(data []byte) ([]packEntry, error) {
	if len(data) < sha256.Size {
		return nil, errPackDamaged
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if want := sha256.Sum256(body); !bytes.Equal(sum, want[:]) {
		return nil, errPackDamaged
	}
	header := packHeader()
	if !bytes.HasPrefix(body, header) {
		if bytes.HasPrefix(body, []byte(packMagic)) {
			return nil, errPackForeign
		}
		return nil, errPackDamaged
	}
	return decodeEntries(body[len(header):])
}

func decodeEntries(rest []byte) ([]packEntry, error) {
	var entries []packEntry
	for len(rest) > 0 {
		if len(rest) < entryOverhead {
			return nil, errPackDamaged
		}
		var e packEntry
		copy(e.key[:], rest)
		n := uint64(binary.BigEndian.Uint32(rest[sha256.Size:]))
		rest = rest[entryOverhead:]
		if n > uint64(len(rest)) {
			return nil, errPackDamaged
		}
		e.payload = rest[:n:n]
		rest = rest[n:]
		entries = append(entries, e)
	}
	return entries, nil
}

// packName names a pack after its own checksum, so a file with a given name
// always has the same content: two builds writing identical packs produce
// one file, and deleting a pack by name never loses entries other than the
// ones that were read from it.
func packName(encoded []byte) string {
	sum := encoded[len(encoded)-sha256.Size:]
	return packPrefix + hex.EncodeToString(sum)[:packNameHexLen] + packSuffix
}

// isPackName reports whether name is exactly what packName produces.
func isPackName(name string) bool {
	digits, ok := strings.CutPrefix(name, packPrefix)
	if !ok {
		return false
	}
	digits, ok = strings.CutSuffix(digits, packSuffix)
	return ok && len(digits) == packNameHexLen && isLowerHex(digits)
}

// legacyEntryHexLen is the length of the hex key naming a single-entry file
// of the previous cache layout, "<64 hex digits>.hl".
const (
	legacyEntryHexLen = 2 * sha256.Size
	legacyEntrySuffix = ".hl"
)

// isLegacyEntryName reports whether name is a single-entry file written by
// the previous layout of this cache, which is no longer read.
func isLegacyEntryName(name string) bool {
	digits, ok := strings.CutSuffix(name, legacyEntrySuffix)
	return ok && len(digits) == legacyEntryHexLen && isLowerHex(digits)
}

func isLowerHex(s string) bool {
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}
