// Command {{name}} is a Higress Wasm plugin for TinyGo, on the old SDK line
// (github.com/alibaba/higress/plugins/wasm-go). hplugin builds it with
//
//	tinygo build -scheduler=none -target=wasi -gc=custom -tags='custommalloc nottinygc_finalizer' -o plugin.wasm ./
//
// Without -gc=custom and those tags nottinygc panics at start-up (higress#1100).
package main

import (
	"github.com/alibaba/higress/plugins/wasm-go/pkg/wrapper"
	"github.com/higress-group/proxy-wasm-go-sdk/proxywasm"
	"github.com/higress-group/proxy-wasm-go-sdk/proxywasm/types"
	"github.com/tidwall/gjson"
)

func main() {}

// init, not main, registers the plugin: TinyGo runs both, but a Go 1.24 reactor build runs only
// init, so this file keeps working when the plugin moves to the go toolchain.
func init() {
	wrapper.SetCtx(
		"{{name}}",
		wrapper.ParseConfigBy(parseConfig),
		wrapper.ProcessRequestHeadersBy(onHttpRequestHeaders),
	)
}

// PluginConfig is the plugin's configuration.
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
// header: x-{{name}}
// value: "on"
// @End
type PluginConfig struct {
	// @Title en-US Request header
	// @Description en-US Header added to every request. Default: x-{{name}}.
	Header string `yaml:"header"`

	// @Title en-US Header value
	// @Description en-US Value of the header. Default: on.
	Value string `yaml:"value"`
}

func parseConfig(json gjson.Result, config *PluginConfig, log wrapper.Log) error {
	config.Header = json.Get("header").String()
	if config.Header == "" {
		config.Header = "x-{{name}}"
	}
	config.Value = json.Get("value").String()
	if !json.Get("value").Exists() {
		config.Value = "on"
	}
	return nil
}

func onHttpRequestHeaders(ctx wrapper.HttpContext, config PluginConfig, log wrapper.Log) types.Action {
	if err := proxywasm.ReplaceHttpRequestHeader(config.Header, config.Value); err != nil {
		log.Warnf("setting %s failed: %v", config.Header, err)
	}
	return types.ActionContinue
}
