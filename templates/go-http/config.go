package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tidwall/gjson"
)

// The annotations below are read by hplugin (and hgctl) to generate spec.yaml and the README
// config table; keep them in step with the fields.

// PluginConfig is the plugin's configuration, set per route, domain or globally in the console.
//
// @Name {{name}}
// @Category {{category}}
// @Phase {{phase}}
// @Priority {{priority}}
// @Title en-US {{title}}
// @Description en-US {{description}}
// @Version {{version}}
//
// @Example
// requestHeader: x-{{name}}
// requestHeaderValue: "on"
// denyPaths: ["/internal/", "/debug/"]
// responseHeader: x-{{name}}-seen
// @End
type PluginConfig struct {
	// @Title en-US Request header
	// @Description en-US Header added to every request that is not denied. Default: x-{{name}}.
	RequestHeader string `yaml:"requestHeader" maxLength:"256"`

	// @Title en-US Request header value
	// @Description en-US Value of the request header (and of the response header). Default: on.
	RequestHeaderValue string `yaml:"requestHeaderValue"`

	// @Title en-US Denied path prefixes
	// @Description en-US Requests whose path starts with one of these prefixes are answered with 403.
	DenyPaths []string `yaml:"denyPaths" maxItems:"100"`

	// @Title en-US Response header
	// @Description en-US When set, this header is added to every response. Empty: responses are left alone.
	ResponseHeader string `yaml:"responseHeader"`
}

// parseConfig turns the JSON the gateway sends into a PluginConfig. An error rejects the config:
// the gateway keeps the previous one and logs the message, so say what is wrong.
func parseConfig(json gjson.Result, config *PluginConfig) error {
	config.RequestHeader = strings.ToLower(strings.TrimSpace(json.Get("requestHeader").String()))
	if config.RequestHeader == "" {
		config.RequestHeader = "x-{{name}}"
	}
	if strings.HasPrefix(config.RequestHeader, ":") {
		return fmt.Errorf("requestHeader %q: pseudo-headers cannot be set", config.RequestHeader)
	}
	config.RequestHeaderValue = json.Get("requestHeaderValue").String()
	if !json.Get("requestHeaderValue").Exists() {
		config.RequestHeaderValue = "on"
	}
	config.DenyPaths = nil
	for _, item := range json.Get("denyPaths").Array() {
		prefix := item.String()
		if !strings.HasPrefix(prefix, "/") {
			return fmt.Errorf("denyPaths: %q must start with /", prefix)
		}
		config.DenyPaths = append(config.DenyPaths, prefix)
	}
	config.ResponseHeader = strings.ToLower(strings.TrimSpace(json.Get("responseHeader").String()))
	if strings.HasPrefix(config.ResponseHeader, ":") {
		return errors.New("responseHeader: pseudo-headers cannot be set")
	}
	return nil
}

// isDenied reports whether path (query string included or not) starts with a denied prefix.
func isDenied(path string, prefixes []string) bool {
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	for _, prefix := range prefixes {
		if strings.HasPrefix(path, prefix) {
			return true
		}
	}
	return false
}
