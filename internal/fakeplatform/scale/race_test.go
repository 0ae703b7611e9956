//go:build race

package scale

// raceEnabled: under the race detector the memory test samples every
// tenth site (generation is ten times slower there).
const raceEnabled = true
