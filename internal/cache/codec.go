package cache

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"math"
	"unsafe"
)

// The persistent caches (the build stamp, a build's state) are written in a
// compact binary form: reading them is on the path of every build, and on
// a 10,000-page site JSON would cost more than the rest of an up-to-date
// check. Enc appends fields; Dec reads them back in the same order.

// Enc appends values to B.
type Enc struct{ B []byte }

// Uint appends an unsigned varint.
func (e *Enc) Uint(v uint64) { e.B = binary.AppendUvarint(e.B, v) }

// Int appends a signed varint.
func (e *Enc) Int(v int64) { e.B = binary.AppendVarint(e.B, v) }

// Bool appends a byte 0 or 1.
func (e *Enc) Bool(v bool) {
	if v {
		e.B = append(e.B, 1)
	} else {
		e.B = append(e.B, 0)
	}
}

// Str appends a length-prefixed string.
func (e *Enc) Str(s string) {
	e.Uint(uint64(len(s)))
	e.B = append(e.B, s...)
}

// Bytes appends a length-prefixed byte slice.
func (e *Enc) Bytes(b []byte) {
	e.Uint(uint64(len(b)))
	e.B = append(e.B, b...)
}

// Strs appends a list of strings (nil and empty read back as nil).
func (e *Enc) Strs(ss []string) {
	e.Uint(uint64(len(ss)))
	for _, s := range ss {
		e.Str(s)
	}
}

// Key appends a key's bytes.
func (e *Enc) Key(k Key) { e.B = append(e.B, k[:]...) }

// Float appends a float64's bits.
func (e *Enc) Float(f float64) { e.B = binary.LittleEndian.AppendUint64(e.B, math.Float64bits(f)) }

// ErrCorrupt is what a Dec reports when its input ends early or holds an
// impossible length.
var ErrCorrupt = errors.New("cache: damaged data")

// Dec reads values written by Enc. The first problem sticks: every later
// read returns a zero value and Err reports it. Strings share the input's
// memory, which must not be modified afterwards.
type Dec struct {
	b   []byte
	err error
}

// NewDec reads b.
func NewDec(b []byte) *Dec { return &Dec{b: b} }

// Err reports the first problem met, or nil.
func (d *Dec) Err() error { return d.err }

// Rest returns what is left to read.
func (d *Dec) Rest() []byte { return d.b }

// Done reports whether the input was read to its end without a problem.
func (d *Dec) Done() bool { return d.err == nil && len(d.b) == 0 }

func (d *Dec) fail() {
	if d.err == nil {
		d.err = ErrCorrupt
	}
	d.b = nil
}

// Uint reads an unsigned varint. (Small enough to inline: one-byte
// varints, most of them, take the first branch.)
func (d *Dec) Uint() uint64 {
	if b := d.b; len(b) > 0 && b[0] < 0x80 {
		d.b = b[1:]
		return uint64(b[0])
	}
	return d.uintSlow()
}

func (d *Dec) uintSlow() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

// Int reads a signed varint.
func (d *Dec) Int() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

// Len reads a count of items, each at least min bytes long in the input
// (so a damaged count cannot make the caller allocate more than the input
// could hold).
func (d *Dec) Len(min int) int {
	n := d.Uint()
	if n > uint64(len(d.b)) || min > 0 && n > uint64(len(d.b)/min) {
		d.fail()
		return 0
	}
	return int(n)
}

// Bool reads a byte 0 or 1.
func (d *Dec) Bool() bool {
	if len(d.b) == 0 || d.b[0] > 1 {
		d.fail()
		return false
	}
	v := d.b[0] == 1
	d.b = d.b[1:]
	return v
}

// Raw reads n bytes, sharing the input's memory.
func (d *Dec) Raw(n int) []byte {
	if n < 0 || n > len(d.b) {
		d.fail()
		return nil
	}
	b := d.b[:n:n]
	d.b = d.b[n:]
	return b
}

// Str reads a string.
func (d *Dec) Str() string {
	b := d.Raw(d.Len(0))
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// Bytes reads a byte slice (nil when empty).
func (d *Dec) Bytes() []byte {
	b := d.Raw(d.Len(0))
	if len(b) == 0 {
		return nil
	}
	return b
}

// Strs reads a list of strings.
func (d *Dec) Strs() []string {
	n := d.Len(1)
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.Str()
	}
	return out
}

// Key reads a key.
func (d *Dec) Key() (k Key) {
	copy(k[:], d.Raw(len(k)))
	return k
}

// Float reads a float64.
func (d *Dec) Float() float64 {
	b := d.Raw(8)
	if len(b) < 8 {
		return 0
	}
	return math.Float64frombits(binary.LittleEndian.Uint64(b))
}

// Stream is an Enc that writes to w as it goes, with a CRC-32 (IEEE) of
// everything written, which Close appends (little-endian): large caches are
// written without being held whole in memory.
type Stream struct {
	Enc
	w   io.Writer
	crc uint32
	err error
}

// NewStream writes to w.
func NewStream(w io.Writer) *Stream { return &Stream{w: w} }

// Spill writes out what was encoded when it has grown large.
func (s *Stream) Spill() {
	if len(s.B) >= 64<<10 {
		s.flush()
	}
}

func (s *Stream) flush() {
	if s.err == nil && len(s.B) > 0 {
		s.crc = crc32.Update(s.crc, crc32.IEEETable, s.B)
		_, s.err = s.w.Write(s.B)
	}
	s.B = s.B[:0]
}

// Write writes b as it is (after what was encoded before).
func (s *Stream) Write(b []byte) {
	s.flush()
	if s.err == nil {
		s.crc = crc32.Update(s.crc, crc32.IEEETable, b)
		_, s.err = s.w.Write(b)
	}
}

// Close writes out the rest and the checksum, and reports the first error.
func (s *Stream) Close() error {
	s.flush()
	if s.err == nil {
		_, s.err = s.w.Write(binary.LittleEndian.AppendUint32(nil, s.crc))
	}
	return s.err
}

// Checked returns b without its CRC-32 trailer (see Stream), or false when
// the checksum does not match.
func Checked(b []byte) ([]byte, bool) {
	if len(b) < 4 {
		return nil, false
	}
	body := b[:len(b)-4]
	return body, binary.LittleEndian.Uint32(b[len(b)-4:]) == crc32.ChecksumIEEE(body)
}
