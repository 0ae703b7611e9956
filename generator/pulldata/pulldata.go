// Package pulldata holds the records handbook pull writes into snapshot
// files (data/snapshots/*.json) and a build reads back: the file's
// envelope, website check results and their history lines, Confluence
// spaces with their permissions and administrators, Microsoft 365 sites,
// teams and sharing links. The pull clients produce these values, and
// snapshots, audit and render read them, without the model importing the
// HTTP clients. Types and pure methods only: no network, no files; the
// JSON field names are the snapshot file format, so renaming one breaks
// every committed snapshot.
package pulldata

import (
	"encoding/json"
	"time"

	"github.com/handbook-dev/handbook/generator/internal/yamlx"
)

// Envelope is a snapshot file as written: where and when the data
// was taken, by which handbook, and a hash of the data. Data holds
// the records: []WebResult, []Space or M365, after Type.
type Envelope struct {
	Source   string          `json:"source"`
	Type     string          `json:"type"`
	From     string          `json:"from"`
	TakenAt  time.Time       `json:"taken_at"`
	Handbook string          `json:"handbook"`
	Hash     string          `json:"content_hash"`
	Data     json.RawMessage `json:"data"`
}

// DecodeJSON decodes a snapshot or state file into v after
// yamlx.CheckDepth has measured its nesting: a file nested deeper than
// yamlx.MaxDepth (a hand-edited or hostile one; handbook writes a few
// levels) is refused with its line and column before anything is decoded.
func DecodeJSON(data []byte, v any) error {
	if err := yamlx.CheckDepth(data); err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}
