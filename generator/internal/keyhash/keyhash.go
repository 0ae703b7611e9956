// Package keyhash makes the 128-bit keys under which a build shares
// values between the versions it builds (a rendered page, a sidebar, a
// search document's analysis): two maphashes with seeds drawn once per
// process. The keys live one build in one process, so they need not be
// stable; maphash runs an order of magnitude faster than SHA-256 on the
// pages' text, hashed again in every version.
package keyhash

import (
	"encoding/binary"
	"hash/maphash"
)

var seeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

// Hash accumulates a key. Strings are written with their length, so that
// no two sequences of strings and numbers write the same bytes.
type Hash struct {
	h [2]maphash.Hash
}

// New returns a Hash for keys of kind domain (a name of the stage's own,
// so that keys of two stages never meet).
func New(domain string) *Hash {
	k := &Hash{}
	k.h[0].SetSeed(seeds[0])
	k.h[1].SetSeed(seeds[1])
	k.String(domain)
	return k
}

// Int writes n.
func (k *Hash) Int(n int64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(n))
	k.h[0].Write(b[:])
	k.h[1].Write(b[:])
}

// String writes s, after its length.
func (k *Hash) String(s string) {
	k.Int(int64(len(s)))
	k.h[0].WriteString(s)
	k.h[1].WriteString(s)
}

// Bytes writes b, after its length.
func (k *Hash) Bytes(b []byte) {
	k.Int(int64(len(b)))
	k.h[0].Write(b)
	k.h[1].Write(b)
}

// Sum returns the key; its last 16 bytes are zero, apart from the 128
// bits of hash in the first 16.
func (k *Hash) Sum() [32]byte {
	var key [32]byte
	binary.LittleEndian.PutUint64(key[0:], k.h[0].Sum64())
	binary.LittleEndian.PutUint64(key[8:], k.h[1].Sum64())
	return key
}
