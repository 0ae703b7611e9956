package source

import "github.com/handbook-dev/handbook/generator/cache"

// SpilledBody is a body a build moved to a spill file once the page was
// parsed: until the page is converted nothing reads it, and a large
// manual's bodies, held in the heap that long, were most of its peak.
type SpilledBody struct {
	spill *cache.Spill
	ref   cache.SpillRef
}

// Read reads the body back.
func (b *SpilledBody) Read() ([]byte, error) { return b.spill.Get(b.ref) }

// WithBodyIn returns a copy of d whose body spill holds (Body nil,
// Spilled set); d is left as it was.
func (d *Document) WithBodyIn(spill *cache.Spill) (*Document, error) {
	ref, err := spill.Put(d.Body)
	if err != nil {
		return nil, err
	}
	out := *d
	out.Body, out.Spilled = nil, &SpilledBody{spill: spill, ref: ref}
	return &out, nil
}
