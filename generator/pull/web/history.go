package web

import (
	"encoding/json"
	"os"
	"path/filepath"

	"github.com/handbook-dev/handbook/generator/pulldata"
)

// AppendHistory adds a line per result to the JSON Lines file at path, so
// that availability builds up run after run (pull web from cron). The
// lines of one run go out in a single append.
func AppendHistory(path string, results []pulldata.WebResult) error {
	var buf []byte
	for _, r := range results {
		l := pulldata.WebHistoryLine{Time: r.CheckedAt.Format("2006-01-02T15:04:05Z"), ID: r.ID, Up: r.Up, Status: r.Status, ResponseMS: r.ResponseMS, Error: r.Error}
		if r.TLS != nil {
			d := r.TLS.DaysLeft
			l.DaysLeft = &d
		}
		b, err := json.Marshal(l)
		if err != nil {
			return err
		}
		buf = append(append(buf, b...), '\n')
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(buf); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
