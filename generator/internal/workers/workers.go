// Package workers runs a function over a list of items on several
// goroutines: the one worker pool every parallel stage of a build uses.
package workers

import (
	"runtime"
	"sync"
)

// Cores is the number of workers for CPU-bound work.
func Cores() int { return runtime.GOMAXPROCS(0) }

// Each calls fn once for every item, on n goroutines, and returns when all
// calls have. fn must be safe for concurrent use.
func Each[T any](n int, items []T, fn func(T)) {
	if n < 1 {
		n = 1
	}
	next := make(chan T, 64)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range next {
				fn(it)
			}
		}()
	}
	for _, it := range items {
		next <- it
	}
	close(next)
	wg.Wait()
}
