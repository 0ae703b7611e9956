package main

import "testing"

func TestPhysicalMemory(t *testing.T) {
	if got := physicalMemory(); got < 64<<20 {
		t.Fatalf("physicalMemory() = %d bytes, want the machine's memory", got)
	}
}
