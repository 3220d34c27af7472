package main

import (
	"reflect"
	"testing"

	"github.com/tidwall/gjson"
)

// These tests run natively (go test ./...): parseConfig and isDenied are plain Go. The handlers
// call proxy-wasm host functions, which only a gateway (or hplugin's local harness) provides.

func TestParseConfigDefaults(t *testing.T) {
	var config PluginConfig
	if err := parseConfig(gjson.Parse(`{}`), &config); err != nil {
		t.Fatalf("parseConfig({}) failed: %v", err)
	}
	want := PluginConfig{RequestHeader: "x-{{name}}", RequestHeaderValue: "on"}
	if !reflect.DeepEqual(config, want) {
		t.Fatalf("defaults: got %+v, want %+v", config, want)
	}
}

func TestParseConfigReadsEveryField(t *testing.T) {
	var config PluginConfig
	raw := `{"requestHeader":" X-Team ","requestHeaderValue":"blue","denyPaths":["/admin","/debug/"],"responseHeader":"X-Seen"}`
	if err := parseConfig(gjson.Parse(raw), &config); err != nil {
		t.Fatalf("parseConfig failed: %v", err)
	}
	want := PluginConfig{RequestHeader: "x-team", RequestHeaderValue: "blue", DenyPaths: []string{"/admin", "/debug/"}, ResponseHeader: "x-seen"}
	if !reflect.DeepEqual(config, want) {
		t.Fatalf("got %+v, want %+v", config, want)
	}
}

func TestParseConfigRejectsBadInput(t *testing.T) {
	for name, raw := range map[string]string{
		"relative deny path":     `{"denyPaths":["admin"]}`,
		"pseudo request header":  `{"requestHeader":":path"}`,
		"pseudo response header": `{"responseHeader":":status"}`,
	} {
		var config PluginConfig
		if err := parseConfig(gjson.Parse(raw), &config); err == nil {
			t.Errorf("%s: %s was accepted", name, raw)
		}
	}
}

func TestIsDenied(t *testing.T) {
	prefixes := []string{"/admin", "/debug/"}
	cases := map[string]bool{
		"/admin":           true,
		"/admin/users":     true,
		"/debug/pprof":     true,
		"/debug":           false,
		"/api?next=/admin": false,
		"/":                false,
	}
	for path, want := range cases {
		if got := isDenied(path, prefixes); got != want {
			t.Errorf("isDenied(%q) = %v, want %v", path, got, want)
		}
	}
}
