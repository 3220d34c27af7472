// Command istio-fetcher is the differential oracle of the gateway verdict: it asks the real Wasm
// image fetcher of istio (pkg/wasm, the code the Higress gateway runs to load a WasmPlugin from an
// oci:// URL) what it makes of one reference, and prints the answer as one JSON object.
//
// Usage: istio-fetcher <host:port/repo:tag|@digest>
//
// It runs the gateway's two steps through the public API of pkg/wasm:
//  1. ImageFetcher.PrepareFetch: resolves the reference (an index to its linux/amd64 child) and
//     yields the manifest digest the gateway pins (what a WasmPlugin `sha256` must equal).
//  2. LocalFileCache.Get with that digest as the WasmPlugin sha256: the full gateway path (digest
//     check, layer extraction, the size limit, the wasm magic check), writing the module to a file.
//
// The JSON is {"accepted", "stage", "error", "digest", "sha256", "size"}: stage names the step that
// failed ("prepare" or "fetch"), sha256/size describe the module file the gateway would load.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"istio.io/istio/pkg/log"
	"istio.io/istio/pkg/util/sets"
	"istio.io/istio/pkg/wasm"
)

type verdict struct {
	Accepted bool   `json:"accepted"`
	Stage    string `json:"stage,omitempty"`
	Error    string `json:"error,omitempty"`
	Digest   string `json:"digest,omitempty"`
	Sha256   string `json:"sha256,omitempty"`
	Size     int64  `json:"size"`
}

// requestTimeout bounds one fetch; the gateway's own default is 15 s, which the 256 MiB shapes
// can exceed on a loaded CI machine, and a slow fetch is not what this oracle measures.
const requestTimeout = 5 * time.Minute

func judge(ref string) verdict {
	fetcher := wasm.NewImageFetcher(context.Background(), wasm.ImageFetcherOption{Insecure: true})
	_, digest, err := fetcher.PrepareFetch(ref)
	if err != nil {
		return verdict{Stage: "prepare", Error: err.Error()}
	}

	dir, err := os.MkdirTemp("", "istio-fetcher-")
	if err != nil {
		return verdict{Stage: "setup", Error: err.Error(), Digest: digest}
	}
	defer os.RemoveAll(dir)
	cache := wasm.NewLocalFileCache(dir, wasm.Options{InsecureRegistries: sets.New("*")})
	defer cache.Cleanup()

	path, err := cache.Get("oci://"+ref, wasm.GetOptions{Checksum: digest, RequestTimeout: requestTimeout})
	if err != nil {
		return verdict{Stage: "fetch", Error: err.Error(), Digest: digest}
	}
	module, err := os.ReadFile(path)
	if err != nil {
		return verdict{Stage: "setup", Error: err.Error(), Digest: digest}
	}
	sum := sha256.Sum256(module)
	return verdict{Accepted: true, Digest: digest, Sha256: hex.EncodeToString(sum[:]), Size: int64(len(module))}
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: istio-fetcher <host:port/repo:tag|@digest>")
		os.Exit(2)
	}
	// istio logs to stdout by default; stdout carries only the verdict.
	logOptions := log.DefaultOptions()
	logOptions.OutputPaths = []string{"stderr"}
	if err := log.Configure(logOptions); err != nil {
		fmt.Fprintln(os.Stderr, "configuring the istio log:", err)
		os.Exit(1)
	}
	// The default keychain reads DOCKER_CONFIG; an empty one keeps the host's credentials out.
	if os.Getenv("DOCKER_CONFIG") == "" {
		if empty, err := os.MkdirTemp("", "istio-fetcher-docker-"); err == nil {
			defer os.RemoveAll(empty)
			os.Setenv("DOCKER_CONFIG", empty)
		}
	}
	out, _ := json.Marshal(judge(os.Args[1]))
	fmt.Println(string(out))
}
