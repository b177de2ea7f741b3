package main

import (
	"net"
	"strings"
	"testing"
)

// TestServing checks that serve says when it listens on every interface,
// whether asked for with :8080, 0.0.0.0 or [::], and not otherwise.
func TestServing(t *testing.T) {
	for _, tc := range []struct {
		addr  string
		every bool
	}{{":0", true}, {"0.0.0.0:0", true}, {"[::]:0", true}, {"127.0.0.1:0", false}} {
		ln, err := net.Listen("tcp", tc.addr)
		if err != nil {
			t.Skip("cannot listen here:", err)
		}
		line := serving("public", ln.Addr())
		ln.Close()
		if strings.Contains(line, "listening on every interface") != tc.every {
			t.Errorf("-addr %s: %q", tc.addr, line)
		}
	}
}
