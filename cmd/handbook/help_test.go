package main

import (
	"bytes"
	"flag"
	"regexp"
	"slices"
	"testing"
)

// TestHelpListsEveryFlag checks that `handbook help COMMAND` lists every
// flag of the command's flag set, so that the help cannot drift from
// the flags the command takes.
func TestHelpListsEveryFlag(t *testing.T) {
	for _, c := range flagSets {
		command, flagSet := c.command, c.flagSet
		var stdout, stderr bytes.Buffer
		if code := run([]string{"help", command}, &stdout, &stderr); code != exitOK {
			t.Fatalf("handbook help %s: exit %d, %s", command, code, stderr.String())
		}
		flagSet().VisitAll(func(f *flag.Flag) {
			// A flag is listed at the start of a line of the help's
			// flag list: "  --port N   the port ...".
			listed := regexp.MustCompile(`(?m)^ +` + regexp.QuoteMeta(flagName(f.Name)) + `( |=|$)`)
			if !listed.Match(stdout.Bytes()) {
				t.Errorf("handbook help %s does not list %s", command, flagName(f.Name))
			}
		})
	}
}

// TestFlagSetsCoverEveryCommand keeps flagSets in step with the
// commands: a command that takes flags has its flag set there.
func TestFlagSetsCoverEveryCommand(t *testing.T) {
	for _, command := range commands {
		ok := slices.ContainsFunc(flagSets, func(c commandFlags) bool {
			return c.command == command
		})
		if takesFlags := !slices.Contains([]string{"version", "help"}, command); ok != takesFlags {
			t.Errorf("flagSets has %s: %v, want %v", command, ok, takesFlags)
		}
	}
}
