package main

import (
	"testing"

	"github.com/alibaba/higress/plugins/wasm-go/pkg/wrapper"
	"github.com/tidwall/gjson"
)

// parseConfig is plain Go, so `go test` runs it natively, without TinyGo. It ignores its logger,
// so a zero Log is fine here.
func TestParseConfig(t *testing.T) {
	cases := map[string]PluginConfig{
		`{}`:                             {Header: "x-{{name}}", Value: "on"},
		`{"header":"x-team","value":""}`: {Header: "x-team", Value: ""},
	}
	for raw, want := range cases {
		var config PluginConfig
		if err := parseConfig(gjson.Parse(raw), &config, wrapper.Log{}); err != nil {
			t.Fatalf("parseConfig(%s) failed: %v", raw, err)
		}
		if config != want {
			t.Errorf("parseConfig(%s) = %+v, want %+v", raw, config, want)
		}
	}
}
