// Command handbook builds a web-operations manual from Markdown into a
// static site. It only parses flags; the work is done in generator/.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
