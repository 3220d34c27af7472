package main

import (
	"testing"

	"github.com/tidwall/gjson"
)

// parseConfig is plain Go, so it is tested natively; the handler needs a proxy-wasm host.
func TestParseConfig(t *testing.T) {
	for raw, want := range map[string]string{`{}`: "hello", `{"value":"blue"}`: "blue"} {
		var config PluginConfig
		if err := parseConfig(gjson.Parse(raw), &config); err != nil {
			t.Fatalf("parseConfig(%s) failed: %v", raw, err)
		}
		if config.Value != want {
			t.Errorf("parseConfig(%s): value %q, want %q", raw, config.Value, want)
		}
	}
}
