// Command {{name}} is a Higress Wasm plugin built on the wasm-go SDK (Go 1.24, wasip1).
//
//	hplugin build      # or: GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o main.wasm ./
package main

import (
	"github.com/higress-group/proxy-wasm-go-sdk/proxywasm"
	"github.com/higress-group/proxy-wasm-go-sdk/proxywasm/types"
	"github.com/higress-group/wasm-go/pkg/log"
	"github.com/higress-group/wasm-go/pkg/wrapper"
)

// main is never called: -buildmode=c-shared builds a reactor module, whose host calls _initialize
// (package init) and then the proxy-wasm callbacks. The Go toolchain still requires main to exist.
func main() {}

// init registers the plugin. It must be init, not main (the TinyGo-era idiom): in a reactor
// module main never runs, and a plugin registered there would never see a request.
func init() {
	wrapper.SetCtx(
		"{{name}}",
		wrapper.ParseConfig(parseConfig),
		wrapper.ProcessRequestHeaders(onHttpRequestHeaders),
		wrapper.ProcessResponseHeaders(onHttpResponseHeaders),
	)
}

// onHttpRequestHeaders rejects denied paths with 403 and tags every other request.
func onHttpRequestHeaders(ctx wrapper.HttpContext, config PluginConfig) types.Action {
	path := ctx.Path()
	if isDenied(path, config.DenyPaths) {
		log.Debugf("denied request to %s", path)
		if err := proxywasm.SendHttpResponseWithDetail(403, "{{name}}.denied", nil, []byte("Forbidden\n"), -1); err != nil {
			log.Errorf("sending the 403 response failed: %v", err)
		}
		return types.HeaderStopAllIterationAndWatermark
	}
	if err := proxywasm.ReplaceHttpRequestHeader(config.RequestHeader, config.RequestHeaderValue); err != nil {
		log.Warnf("setting request header %s failed: %v", config.RequestHeader, err)
	}
	return types.HeaderContinue
}

// onHttpResponseHeaders marks responses that went through this plugin, when configured to.
func onHttpResponseHeaders(ctx wrapper.HttpContext, config PluginConfig) types.Action {
	if config.ResponseHeader == "" {
		return types.HeaderContinue
	}
	if err := proxywasm.ReplaceHttpResponseHeader(config.ResponseHeader, config.RequestHeaderValue); err != nil {
		log.Warnf("setting response header %s failed: %v", config.ResponseHeader, err)
	}
	return types.HeaderContinue
}
