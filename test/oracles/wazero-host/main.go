// Command wazero-host is the second proxy-wasm host of hplugin's differential suite. It loads a
// built plugin into the Higress Go SDK's own test host — proxytest's host emulator driving the
// module on wazero through proxytest.NewWasmVMContext, the engine behind wasm-go's pkg/test — runs
// the scripted requests of a JSON file and prints a JSON transcript on stdout.
//
//	wazero-host script.json > transcript.json
//
// The script drives the module in the order Envoy drives a filter (and hplugin's host does): request
// headers, body chunks, trailers; then the upstream response, or — when the plugin sent a local
// reply from the request path — that reply through the response callbacks, as Envoy's filter
// manager does. What each host function does is the emulator's own business: that is what the
// suite compares.
package main

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/higress-group/proxy-wasm-go-sdk/proxywasm/proxytest"
	"github.com/higress-group/proxy-wasm-go-sdk/proxywasm/types"
)

type pairs = [][2]string

// Script is the input: one module, one config, requests run in order on one VM.
type Script struct {
	Wasm       string            `json:"wasm"`
	Config     json.RawMessage   `json:"config"`
	Properties map[string]string `json:"properties"`
	Requests   []Request         `json:"requests"`
}

type Request struct {
	Name     string    `json:"name"`
	Headers  pairs     `json:"headers"`
	Body     []string  `json:"body"`
	Trailers pairs     `json:"trailers"`
	Response *Upstream `json:"response"`
	Callouts []Callout `json:"callouts"`
}

type Upstream struct {
	Headers pairs    `json:"headers"`
	Body    []string `json:"body"`
}

// Callout answers the first callout whose cluster matches (a trailing * matches a prefix, an
// empty cluster matches any). A nil reply is a timeout: Envoy's router answers 504.
type Callout struct {
	Cluster string `json:"cluster"`
	Reply   *Reply `json:"reply"`
}

type Reply struct {
	Headers pairs  `json:"headers"`
	Body    string `json:"body"`
}

// Transcript is one request's outcome, in the shape the TypeScript side builds from hplugin.
type Transcript struct {
	Name            string              `json:"name"`
	Actions         map[string]uint32   `json:"actions"`
	RequestHeaders  pairs               `json:"requestHeaders"`
	RequestBody     string              `json:"requestBody"`
	ResponseHeaders pairs               `json:"responseHeaders"`
	ResponseBody    string              `json:"responseBody"`
	LocalReply      *LocalReply         `json:"localReply"`
	Client          *Client             `json:"client"`
	Stalled         string              `json:"stalled"`
	Callouts        []CalloutRecord     `json:"callouts"`
	Logs            map[string][]string `json:"logs"`
}

type LocalReply struct {
	Status  uint32 `json:"status"`
	Headers pairs  `json:"headers"`
	Body    string `json:"body"`
	Details string `json:"details"`
}

type Client struct {
	Status  int    `json:"status"`
	Headers pairs  `json:"headers"`
	Body    string `json:"body"`
}

type CalloutRecord struct {
	Cluster string `json:"cluster"`
	Headers pairs  `json:"headers"`
	Body    string `json:"body"`
}

// timeoutReply is what Envoy's router sends when an async request's timeout expires.
var timeoutReply = Reply{
	Headers: pairs{{":status", "504"}, {"content-length", "24"}, {"content-type", "text/plain"}},
	Body:    "upstream request timeout",
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: wazero-host script.json")
		os.Exit(2)
	}
	transcripts, err := run(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "wazero-host:", err)
		os.Exit(1)
	}
	out := json.NewEncoder(os.Stdout)
	out.SetIndent("", "  ")
	if err := out.Encode(transcripts); err != nil {
		fmt.Fprintln(os.Stderr, "wazero-host:", err)
		os.Exit(1)
	}
}

func run(scriptPath string) ([]Transcript, error) {
	raw, err := os.ReadFile(scriptPath)
	if err != nil {
		return nil, err
	}
	var script Script
	if err := json.Unmarshal(raw, &script); err != nil {
		return nil, fmt.Errorf("%s: %w", scriptPath, err)
	}
	wasm, err := os.ReadFile(script.Wasm)
	if err != nil {
		return nil, err
	}
	vm, err := proxytest.NewWasmVMContext(wasm)
	if err != nil {
		return nil, fmt.Errorf("loading %s into wazero: %w", script.Wasm, err)
	}
	defer vm.Close()

	config := []byte(script.Config)
	if string(config) == "null" {
		config = nil
	}
	opt := proxytest.NewEmulatorOption().WithVMContext(vm).WithPluginConfiguration(config)
	for key, value := range script.Properties {
		opt = opt.WithProperty(strings.Split(key, "."), []byte(value))
	}
	host, reset := proxytest.NewHostEmulator(opt)
	defer reset()
	// wasm-go asks the host for its log level through this foreign function: info (2), as hplugin's default.
	host.RegisterForeignFunction("get_log_level", func([]byte) []byte {
		return binary.LittleEndian.AppendUint32(nil, 2)
	})
	if !host.StartVM() {
		return nil, fmt.Errorf("proxy_on_vm_start returned false")
	}
	if !host.StartPlugin() {
		return nil, fmt.Errorf("proxy_on_configure returned false; logs: %v", host.GetErrorLogs())
	}
	var out []Transcript
	for _, request := range script.Requests {
		out = append(out, runRequest(host, request))
	}
	return out, nil
}

func logLevels(host proxytest.HostEmulator) map[string][]string {
	return map[string][]string{
		"info":     host.GetInfoLogs(),
		"warn":     host.GetWarnLogs(),
		"error":    host.GetErrorLogs(),
		"critical": host.GetCriticalLogs(),
	}
}

// stream drives one HTTP context the way hplugin's RequestRun does, so the two transcripts line up.
type stream struct {
	host     proxytest.HostEmulator
	id       uint32
	request  Request
	t        *Transcript
	answered int
}

// pauses: Continue (0) and, for headers, ContinueAndEndStream (2) let the stream go on.
func pauses(action types.Action, headers bool) bool {
	return !(action == types.ActionContinue || (headers && action == 2))
}

// answerCallouts answers every callout the plugin has made and not yet been answered, in order,
// on the root context (the emulator's CallOnHttpCallResponse), until none are left.
func (s *stream) answerCallouts() {
	for {
		pending := s.host.GetCalloutAttributesFromContext(s.id)
		if len(pending) == 0 {
			return
		}
		call := pending[0]
		s.t.Callouts = append(s.t.Callouts, CalloutRecord{Cluster: call.Upstream, Headers: call.Headers, Body: string(call.Body)})
		reply := timeoutReply
		for _, script := range s.request.Callouts {
			if matches(script.Cluster, call.Upstream) {
				if script.Reply != nil {
					reply = *script.Reply
				}
				break
			}
		}
		s.host.CallOnHttpCallResponse(call.CalloutID, reply.Headers, nil, []byte(reply.Body))
	}
}

func matches(pattern, value string) bool {
	if pattern == "" {
		return true
	}
	if strings.HasSuffix(pattern, "*") {
		return strings.HasPrefix(value, strings.TrimSuffix(pattern, "*"))
	}
	return pattern == value
}

func (s *stream) local() *proxytest.LocalHttpResponse { return s.host.GetSentLocalResponse(s.id) }

// paused reports whether the last callback held the stream and nothing resumed it since
// (proxy_continue_stream sets the emulator's stream action back to Continue).
func (s *stream) paused(headers bool) bool {
	return pauses(s.host.GetCurrentHttpStreamAction(s.id), headers)
}

// direction runs headers, body chunks and trailers of one direction; it returns the body bytes
// passed on and whether the direction was left held.
func (s *stream) direction(response bool, headers pairs, chunks []string, trailers pairs) (string, bool) {
	prefix := "request"
	if response {
		prefix = "response"
	}
	endAtHeaders := len(chunks) == 0 && len(trailers) == 0
	var action types.Action
	if response {
		action = s.host.CallOnResponseHeaders(s.id, headers, endAtHeaders)
	} else {
		action = s.host.CallOnRequestHeaders(s.id, headers, endAtHeaders)
	}
	s.t.Actions[prefix+"Headers"] = uint32(action)
	s.answerCallouts()
	held := s.paused(true)
	var passed strings.Builder
	buffered := ""
	for i, chunk := range chunks {
		if s.local() != nil {
			break
		}
		end := i == len(chunks)-1 && len(trailers) == 0
		if response {
			action = s.host.CallOnResponseBody(s.id, []byte(chunk), end)
		} else {
			action = s.host.CallOnRequestBody(s.id, []byte(chunk), end)
		}
		s.t.Actions[prefix+"Body"] = uint32(action)
		s.answerCallouts()
		held = s.paused(false)
		current := s.currentBody(response)
		if held {
			buffered = current
		} else {
			passed.WriteString(current)
			buffered = ""
		}
	}
	if len(trailers) > 0 && s.local() == nil {
		if response {
			action = s.host.CallOnResponseTrailers(s.id, trailers)
		} else {
			action = s.host.CallOnRequestTrailers(s.id, trailers)
		}
		s.t.Actions[prefix+"Trailers"] = uint32(action)
		s.answerCallouts()
		held = s.paused(true)
	}
	passed.WriteString(buffered)
	return passed.String(), held
}

func (s *stream) currentBody(response bool) string {
	if response {
		return string(s.host.GetCurrentResponseBody(s.id))
	}
	return string(s.host.GetCurrentRequestBody(s.id))
}

// localReplyHeaders builds the reply's headers as Envoy's Utility::prepareLocalReply does.
func localReplyHeaders(reply *proxytest.LocalHttpResponse) pairs {
	headers := pairs{{":status", strconv.Itoa(int(reply.StatusCode))}}
	for _, h := range reply.Headers {
		headers = append(headers, [2]string{strings.ToLower(h[0]), h[1]})
	}
	if len(reply.Data) > 0 {
		headers = append(headers, [2]string{"content-length", strconv.Itoa(len(reply.Data))})
		hasType := false
		for _, h := range headers {
			hasType = hasType || h[0] == "content-type"
		}
		if !hasType {
			headers = append(headers, [2]string{"content-type", "text/plain"})
		}
	}
	return headers
}

func statusOf(headers pairs) int {
	for _, h := range headers {
		if h[0] == ":status" {
			n, _ := strconv.Atoi(h[1])
			return n
		}
	}
	return 0
}

func runRequest(host proxytest.HostEmulator, request Request) Transcript {
	before := logLevels(host)
	t := Transcript{Name: request.Name, Actions: map[string]uint32{}, Callouts: []CalloutRecord{}}
	s := &stream{host: host, id: host.InitializeHttpContext(), request: request, t: &t}

	requestBody, requestHeld := s.direction(false, request.Headers, request.Body, request.Trailers)
	t.RequestHeaders = host.GetCurrentRequestHeaders(s.id)
	t.RequestBody = requestBody
	if reply := s.local(); reply != nil {
		t.LocalReply = &LocalReply{Status: reply.StatusCode, Headers: lower(reply.Headers), Body: string(reply.Data), Details: reply.StatusCodeDetail}
		// Envoy encodes a request-path local reply through the filter chain: the response callbacks run on it.
		headers := localReplyHeaders(reply)
		action := host.CallOnResponseHeaders(s.id, headers, len(reply.Data) == 0)
		t.Actions["responseHeaders"] = uint32(action)
		s.answerCallouts()
		body := ""
		if len(reply.Data) > 0 {
			action = host.CallOnResponseBody(s.id, reply.Data, true)
			t.Actions["responseBody"] = uint32(action)
			s.answerCallouts()
			body = string(host.GetCurrentResponseBody(s.id))
		}
		final := host.GetCurrentResponseHeaders(s.id)
		t.Client = &Client{Status: statusOf(final), Headers: final, Body: body}
	} else if requestHeld {
		t.Stalled = "request"
	} else {
		upstream := request.Response
		if upstream == nil {
			upstream = &Upstream{Headers: pairs{{":status", "200"}}}
		}
		responseBody, responseHeld := s.direction(true, upstream.Headers, upstream.Body, nil)
		t.ResponseHeaders = host.GetCurrentResponseHeaders(s.id)
		t.ResponseBody = responseBody
		if reply := s.local(); reply != nil {
			t.LocalReply = &LocalReply{Status: reply.StatusCode, Headers: lower(reply.Headers), Body: string(reply.Data), Details: reply.StatusCodeDetail}
			headers := localReplyHeaders(reply)
			t.Client = &Client{Status: statusOf(headers), Headers: headers, Body: string(reply.Data)}
		} else if responseHeld {
			t.Stalled = "response"
		} else {
			t.Client = &Client{Status: statusOf(t.ResponseHeaders), Headers: t.ResponseHeaders, Body: responseBody}
		}
	}
	host.CompleteHttpContext(s.id)

	t.Logs = map[string][]string{}
	for level, lines := range logLevels(host) {
		t.Logs[level] = append([]string{}, lines[len(before[level]):]...)
	}
	return t
}

func lower(headers pairs) pairs {
	out := pairs{}
	for _, h := range headers {
		out = append(out, [2]string{strings.ToLower(h[0]), h[1]})
	}
	return out
}
