// Command {{name}} is a minimal Higress Wasm plugin (wasm-go SDK, Go 1.24, wasip1).
package main

import (
	"github.com/higress-group/proxy-wasm-go-sdk/proxywasm"
	"github.com/higress-group/proxy-wasm-go-sdk/proxywasm/types"
	"github.com/higress-group/wasm-go/pkg/wrapper"
	"github.com/tidwall/gjson"
)

// main never runs in a reactor module (-buildmode=c-shared); Go still requires it.
func main() {}

// init registers the plugin: in a reactor module only package initialisation runs.
func init() {
	wrapper.SetCtx("{{name}}", wrapper.ParseConfig(parseConfig), wrapper.ProcessRequestHeaders(onHttpRequestHeaders))
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
// value: hello
// @End
type PluginConfig struct {
	// @Title en-US Header value
	// @Description en-US Value of the x-{{name}} request header. Default: hello.
	Value string `yaml:"value"`
}

func parseConfig(json gjson.Result, config *PluginConfig) error {
	config.Value = json.Get("value").String()
	if config.Value == "" {
		config.Value = "hello"
	}
	return nil
}

func onHttpRequestHeaders(ctx wrapper.HttpContext, config PluginConfig) types.Action {
	_ = proxywasm.ReplaceHttpRequestHeader("x-{{name}}", config.Value)
	return types.HeaderContinue
}
