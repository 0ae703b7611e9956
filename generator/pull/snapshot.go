package pull

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/handbook-dev/handbook/generator/pulldata"
)

// WriteSnapshot writes data as the snapshot file path: pretty JSON with
// keys in a stable order (struct fields in order, map keys sorted; callers
// sort their lists), so that a git diff of two pulls lists real changes.
// It writes a temporary file in the same folder and renames it into
// place, so an interrupted pull leaves the previous snapshot intact.
func WriteSnapshot(path string, env pulldata.Envelope, data any) error {
	raw, err := json.MarshalIndent(data, "  ", "  ")
	if err != nil {
		return err
	}
	sum := sha256.Sum256(raw)
	env.Hash = "sha256:" + hex.EncodeToString(sum[:])
	env.Data = raw
	env.TakenAt = env.TakenAt.UTC().Truncate(time.Second)
	out, err := json.MarshalIndent(env, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, append(out, '\n'))
}
