// Package fastio reads and compares whole small files with plain system
// calls. A build reads and compares tens of thousands of small files
// (sources, cache entries, the output of the last build); os.Open makes
// each descriptor ready for Go's poller (three fcntl calls and an
// epoll_ctl that fails for regular files), which doubled the system
// calls per file and, on the 2-core VMs we measure on, cost more system
// time than the reads themselves. Where plain calls are not available
// the functions fall back to package os.
package fastio

import "errors"

// EqualBufferSize is the size of the buffer Equal reads through.
const EqualBufferSize = 256 << 10

// ErrTooLarge is returned by ReadFile for a file over its limit.
var ErrTooLarge = errors.New("file too large")
