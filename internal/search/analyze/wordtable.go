package analyze

import "math/bits"

// The indexer looks up every word of the site once, so that lookup is the
// hottest path of the build. Short ASCII words (nearly all of them) are
// looked up by their bytes packed into two 64-bit integers, in an
// open-addressing table: no string hashing, and a hit is two comparisons.

// maxShortWord is the longest word a wordKey holds.
const maxShortWord = 16

// wordKey is an ASCII word of 1–16 bytes, little-endian, zero-padded. Word
// bytes are never zero, so the padding cannot make two words alike, and the
// zero key (lo == 0) marks an empty slot.
type wordKey struct{ lo, hi uint64 }

// shortWordKey packs text[i:j] (1 ≤ j-i ≤ maxShortWord) into a wordKey.
func shortWordKey(text string, i, j int) wordKey {
	n := j - i
	if i+maxShortWord > len(text) {
		return slowWordKey(text[i:j])
	}
	lo, hi := load64(text[i:]), load64(text[i+8:])
	if n < 8 {
		return wordKey{lo & (1<<(8*n) - 1), 0}
	}
	return wordKey{lo, hi & (1<<(8*(n-8)) - 1)}
}

// slowWordKey packs word byte by byte, for words too near the end of the
// text to load 16 bytes at once.
func slowWordKey(word string) wordKey {
	var k wordKey
	for i := 0; i < len(word); i++ {
		if i < 8 {
			k.lo |= uint64(word[i]) << (8 * i)
		} else {
			k.hi |= uint64(word[i]) << (8 * (i - 8))
		}
	}
	return k
}

// load64 reads 8 bytes of s little-endian (the compiler makes it one load).
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

type wordSlot struct {
	key wordKey
	id  int32
}

// wordTable maps wordKeys to term ids with linear probing; it stays at most
// half full.
type wordTable struct {
	slots []wordSlot // length a power of two
	used  int
	shift uint // 64 - log2(len(slots))
}

func (k wordKey) hash() uint64 {
	return (k.lo*0x9e3779b97f4a7c15 ^ k.hi) * 0xbf58476d1ce4e5b9
}

func (t *wordTable) get(k wordKey) (int32, bool) {
	if t.used == 0 {
		return 0, false
	}
	mask := uint64(len(t.slots) - 1)
	for i := k.hash() >> t.shift; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.key == k {
			return s.id, true
		}
		if s.key.lo == 0 {
			return 0, false
		}
	}
}

// put adds k, which must not be in the table yet.
func (t *wordTable) put(k wordKey, id int32) {
	if 2*(t.used+1) > len(t.slots) {
		t.grow()
	}
	mask := uint64(len(t.slots) - 1)
	i := k.hash() >> t.shift
	for t.slots[i].key.lo != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = wordSlot{k, id}
	t.used++
}

func (t *wordTable) grow() {
	old := t.slots
	size := max(1024, 2*len(old))
	t.slots = make([]wordSlot, size)
	t.shift = 64
	for s := size; s > 1; s >>= 1 {
		t.shift--
	}
	t.used = 0
	for _, s := range old {
		if s.key.lo != 0 {
			t.put(s.key, s.id)
		}
	}
}

const (
	byteOnes  = 0x0101010101010101
	byteHighs = 0x8080808080808080
)

// asciiWordBytes sets the high bit of each byte of x that is an ASCII letter
// or digit; x must hold ASCII bytes only. Each test adds a constant to every
// byte at once: with bytes below 0x80 no sum carries into the next byte, and
// a sum's high bit tells whether the byte reached the threshold.
func asciiWordBytes(x uint64) uint64 {
	lower := x | 0x20*byteOnes                                   // A–Z → a–z
	letter := (lower + 0x1f*byteOnes) &^ (lower + 0x05*byteOnes) // ≥ 'a' and not > 'z'
	digit := (x + 0x50*byteOnes) &^ (x + 0x46*byteOnes)          // ≥ '0' and not > '9'
	return (letter | digit) & byteHighs
}

// shortASCIIWord reads the ASCII word starting at text[i] 8 bytes at a time.
// When the word is shorter than 16 bytes and followed by an ASCII byte other
// than an apostrophe (the fast path of the indexer), it returns the word's
// key and end; otherwise ok is false. text must have 16 bytes from i.
func shortASCIIWord(text string, i int) (key wordKey, end int, ok bool) {
	x := load64(text[i:])
	k := firstNonWordByte(x)
	if k == 0 {
		return wordKey{}, 0, false
	}
	if k < 8 {
		return wordKey{x & (1<<(8*k) - 1), 0}, i + k, endsPlainly(x, k)
	}
	y := load64(text[i+8:])
	k = firstNonWordByte(y)
	if k == 8 {
		return wordKey{}, 0, false
	}
	return wordKey{x, y & (1<<(8*k) - 1)}, i + 8 + k, endsPlainly(y, k)
}

// firstNonWordByte is the index of x's first byte that is not an ASCII
// letter or digit (non-ASCII bytes included), 8 if there is none.
func firstNonWordByte(x uint64) int {
	stop := (^asciiWordBytes(x&^byteHighs) | x) & byteHighs
	if stop == 0 {
		return 8
	}
	return bits.TrailingZeros64(stop) >> 3
}

// endsPlainly reports whether byte k of x, which ends a word, is ASCII and
// not an apostrophe (which might join two words).
func endsPlainly(x uint64, k int) bool {
	c := byte(x >> (8 * k))
	return c < 0x80 && c != '\''
}
