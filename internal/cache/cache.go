// Package cache holds the build's caches with one design: every reuse is
// looked up by a Key, a hash of every input of the step it saves (so a
// cached build writes the same bytes as a clean one). Store keeps one value
// per name (a page's conversion by its source, its HTML by its output
// path) and answers only when the key is the one stored; Memo computes
// each key's value once, however many goroutines ask (highlighted code
// blocks). The highlighter adds a persistent layer under its Memo (packs
// on disk, see markdown/highlight), keyed the same way.
package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// Key identifies the inputs of a step.
type Key [sha256.Size]byte

// KeyWriter hashes fields with their lengths, so ("ab","c") ≠ ("a","bc").
// Writes are gathered in a buffer: hashing many short strings one Write at
// a time would copy each into a new byte slice.
type KeyWriter struct {
	h   hash.Hash // made once the buffer is first flushed
	buf []byte
}

// NewKey starts a key. Its buffer starts small (most keys are a few
// short fields, and a build makes one per page and file) and grows up to
// the size at which it is flushed; a key that never fills it is summed
// in one call, without a hash state of its own (a 100,000-page edit made
// 200,000 of them).
func NewKey() *KeyWriter { return &KeyWriter{buf: make([]byte, 0, 256)} }

// Reset empties k for another key, keeping its buffer (a writer reused
// for many keys allocates nothing each).
func (k *KeyWriter) Reset() *KeyWriter {
	k.h, k.buf = nil, k.buf[:0]
	return k
}

// keyWriters are writers used again (see SumOf).
var keyWriters = sync.Pool{New: func() any { return NewKey() }}

// SumOf is the key of what add adds, written into a writer used again: a
// key made for each of many pages (of a 100,000-page site) allocates
// nothing of its own. add must not keep the writer.
func SumOf(add func(k *KeyWriter)) Key {
	k := keyWriters.Get().(*KeyWriter)
	add(k.Reset())
	sum := k.Sum()
	keyWriters.Put(k)
	return sum
}

func (k *KeyWriter) flushIfFull() {
	if len(k.buf) >= 4096 {
		if k.h == nil {
			k.h = sha256.New()
		}
		k.h.Write(k.buf)
		k.buf = k.buf[:0]
	}
}

// Str adds strings.
func (k *KeyWriter) Str(ss ...string) *KeyWriter {
	for _, s := range ss {
		k.buf = binary.LittleEndian.AppendUint64(k.buf, uint64(len(s)))
		k.buf = append(k.buf, s...)
		k.flushIfFull()
	}
	return k
}

// Bytes adds a byte slice.
func (k *KeyWriter) Bytes(b []byte) *KeyWriter {
	k.buf = binary.LittleEndian.AppendUint64(k.buf, uint64(len(b)))
	k.buf = append(k.buf, b...)
	k.flushIfFull()
	return k
}

// Num adds numbers.
func (k *KeyWriter) Num(ns ...int) *KeyWriter {
	for _, v := range ns {
		k.buf = binary.LittleEndian.AppendUint64(k.buf, uint64(v))
	}
	k.flushIfFull()
	return k
}

// Sum is the key of everything added.
func (k *KeyWriter) Sum() (out Key) {
	if k.h == nil {
		return sha256.Sum256(k.buf) // (the buffer kept: what is added next is hashed after it)
	}
	k.h.Write(k.buf)
	k.buf = k.buf[:0]
	copy(out[:], k.h.Sum(nil))
	return out
}

// Store keeps one value per name with the key of the inputs it was made
// from. It is safe for concurrent use; a nil *Store stores nothing.
type Store[V any] struct {
	mu sync.RWMutex // (a build's pages look up their values in parallel)
	m  map[string]stored[V]
}

type stored[V any] struct {
	key Key
	v   V
}

// Get returns name's value when it was made from inputs with this key.
func (s *Store[V]) Get(name string, key Key) (V, bool) {
	var zero V
	if s == nil {
		return zero, false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	e, ok := s.m[name]
	if !ok || e.key != key {
		return zero, false
	}
	return e.v, true
}

// Put keeps v as name's value, made from inputs with this key.
func (s *Store[V]) Put(name string, key Key, v V) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]stored[V]{}
	}
	s.m[name] = stored[V]{key, v}
}

// Memo computes each key's value once. It is safe for concurrent use:
// goroutines asking for a value being computed wait for it instead of
// computing it again.
type Memo[V any] struct {
	mu sync.Mutex
	m  map[Key]*memoEntry[V]
}

type memoEntry[V any] struct {
	done chan struct{} // closed once v is set
	v    V
}

// Do returns key's value, computing it with compute the first time; hit
// reports that it was there (or being computed) already.
func (m *Memo[V]) Do(key Key, compute func() V) (v V, hit bool) {
	m.mu.Lock()
	if e, ok := m.m[key]; ok {
		m.mu.Unlock()
		<-e.done
		return e.v, true
	}
	if m.m == nil {
		m.m = map[Key]*memoEntry[V]{}
	}
	e := &memoEntry[V]{done: make(chan struct{})}
	m.m[key] = e
	m.mu.Unlock()
	defer close(e.done)
	e.v = compute()
	return e.v, false
}

// Reset forgets every value computed (those being computed are left to
// the goroutines waiting for them): later calls compute them again.
func (m *Memo[V]) Reset() {
	m.mu.Lock()
	m.m = nil
	m.mu.Unlock()
}

// Peek returns key's value if it was computed or is being computed
// (waiting for it), without computing it.
func (m *Memo[V]) Peek(key Key) (V, bool) {
	m.mu.Lock()
	e, ok := m.m[key]
	m.mu.Unlock()
	if !ok {
		var zero V
		return zero, false
	}
	<-e.done
	return e.v, true
}

// Value adds any value made of strings, numbers, booleans, structs,
// slices, arrays, pointers and maps (by sorted key), field by field: a key
// of a data structure that stays complete when the structure gains fields.
func (k *KeyWriter) Value(v any) *KeyWriter {
	k.value(reflect.ValueOf(v))
	return k
}

func (k *KeyWriter) value(v reflect.Value) {
	switch v.Kind() {
	case reflect.Invalid:
		k.Str("\x00nil")
	case reflect.String:
		k.Str(v.String())
	case reflect.Bool:
		if v.Bool() {
			k.Num(1)
		} else {
			k.Num(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		k.Num(int(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		k.Num(int(v.Uint()))
	case reflect.Float32, reflect.Float64:
		k.Num(int(math.Float64bits(v.Float())))
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			k.Num(0)
			return
		}
		k.Num(1)
		k.value(v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			k.value(v.Field(i))
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			k.Bytes(v.Bytes())
			return
		}
		k.Num(v.Len())
		for i := range v.Len() {
			k.value(v.Index(i))
		}
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		k.Num(len(keys))
		for _, key := range keys {
			k.value(key)
			k.value(v.MapIndex(key))
		}
	default:
		panic("cache: cannot key a " + v.Type().String())
	}
}
