package main

import (
	"fmt"
	"go/ast"
	"go/token"
	"sort"
	"strconv"
	"strings"
)

// Most Higress plugins never decode their config with encoding/json: a parse function reads it
// with gjson (`config.secret = json.Get("token_secret_key").String()`), and the struct's fields
// carry no tags. Their Go names are then NOT the config's property names. This file follows the
// keys: in every function that takes the gjson.Result and a `*T` config (or is a method of T), it
// traces which json.Get("key") each `config.Field = …` assignment is computed from. A field
// whose key cannot be traced is left out, with a warning, rather than named after its Go field.

const gjsonPath = "github.com/tidwall/gjson"

// KeyReport says, in the generator's output, how the property names were found.
type KeyReport struct {
	// "tags": struct tags (or Go names) as encoding/json reads them: there is no gjson reader,
	// or a reader decodes into the config with json.Unmarshal. "gjson": the keys the readers read.
	Mode    string            `json:"mode"`
	Readers []string          `json:"readers,omitempty"`
	Fields  map[string]string `json:"fields,omitempty"`
	// Untagged fields left out because no key could be traced to them.
	Unknown []string `json:"unknown,omitempty"`
	// Keys read with json.Get that no field holds; they are properties too.
	Extra []string `json:"extra,omitempty"`
}

type parseFunc struct {
	typ  *ast.FuncType
	recv *ast.FieldList
	body *ast.BlockStmt
	file *sourceFile
	name string
}

type readKey struct {
	key  string
	kind string // from the accessor: string, integer, number, boolean, array, object; "" unknown
	pos  Pos
}

// keyPolicy is what the walker applies to the config struct in gjson mode.
type keyPolicy struct {
	// Set for a struct nested in a gjson-read config that no reader of its own fills.
	untraced bool
	fieldKey map[string]string
	kinds    map[string]string
	read     []readKey
	report   *KeyReport
}

// gjsonKeys finds the readers of cfg and traces their keys; nil policy means "tags" mode.
func gjsonKeys(f *finder, cfg *typeDecl, isRoot bool) (*keyPolicy, *KeyReport) {
	readers := f.readersOf(cfg, isRoot)
	report := &KeyReport{Mode: "tags"}
	if len(readers) == 0 {
		return nil, report
	}
	t := &tracer{fieldKeys: map[string]map[string]bool{}, kinds: map[string]string{}, seenKey: map[string]bool{}}
	for _, r := range readers {
		report.Readers = append(report.Readers, fmt.Sprintf("%s:%d %s", r.file.name, r.file.pkg.pos(r.file, r.typ.Pos()).Line, r.name))
		t.trace(r, cfg)
	}
	if t.unmarshal {
		return nil, report
	}
	report.Mode = "gjson"
	policy := &keyPolicy{fieldKey: map[string]string{}, kinds: t.kinds, read: t.read, report: report}
	for field, keys := range t.fieldKeys {
		if len(keys) == 1 {
			for k := range keys {
				if plainKey(k) {
					policy.fieldKey[field] = k
				}
			}
		}
	}
	if len(policy.fieldKey) > 0 {
		report.Fields = policy.fieldKey
	}
	return policy, report
}

// plainKey: a top-level property name, not a gjson path (a.b, a.#, a|b, escapes, wildcards).
func plainKey(k string) bool {
	return k != "" && !strings.ContainsAny(k, ".*?#|@\\!")
}

// readersOf lists the functions that read cfg from a gjson.Result.
//
// For the config struct itself: the parse functions given to the wrapper, and every function or
// method of the config they pass their whole gjson.Result on to (a helper given json.Get("redis")
// reads keys of "redis", not of the config, and is not followed). Without a wrapper call hplugin
// can see, the functions whose signature takes a gjson.Result and a *T stand in.
//
// For a struct nested in the config: its methods that take a gjson.Result, and functions taking a
// gjson.Result and a *S: whatever JSON they get is that struct's object.
func (f *finder) readersOf(cfg *typeDecl, isRoot bool) []parseFunc {
	if isRoot {
		var start []*parseFunc
		for _, fn := range f.parseFuncs() {
			if hasGjsonParam(fn.file, fn.typ) && configParam(fn.file, fn.typ, cfg) != "" {
				start = append(start, fn)
			}
		}
		if len(start) > 0 {
			return f.followRoot(start, cfg)
		}
	}
	return f.readersBySignature(cfg)
}

func (f *finder) followRoot(start []*parseFunc, cfg *typeDecl) []parseFunc {
	seen := map[*ast.BlockStmt]bool{}
	var out []parseFunc
	queue := start
	for len(queue) > 0 {
		r := queue[0]
		queue = queue[1:]
		if r.body == nil || seen[r.body] {
			continue
		}
		seen[r.body] = true
		out = append(out, *r)
		root := gjsonParam(r.file, r.typ)
		config := configParam(r.file, r.typ, cfg)
		if r.recv != nil && len(r.recv.List) == 1 && len(r.recv.List[0].Names) == 1 {
			config = r.recv.List[0].Names[0].Name
		}
		ast.Inspect(r.body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || !passesIdent(call.Args, root) {
				return true
			}
			if callee := f.callee(r.file, call.Fun, config, cfg); callee != nil && hasGjsonParam(callee.file, callee.typ) {
				queue = append(queue, callee)
			}
			return true
		})
	}
	return out
}

// callee resolves a call's function: a function of the file's package or a dot-import, pkg.Func
// of the module, or a method called on the config variable.
func (f *finder) callee(file *sourceFile, fun ast.Expr, config string, cfg *typeDecl) *parseFunc {
	if sel, ok := fun.(*ast.SelectorExpr); ok {
		if id, ok := sel.X.(*ast.Ident); ok && id.Name == config && config != "" {
			for _, m := range cfg.file.pkg.methods[cfg.name] {
				if m.Name.Name == sel.Sel.Name {
					if mf := cfg.file.pkg.fileOf(m); mf != nil {
						return &parseFunc{typ: m.Type, recv: m.Recv, body: m.Body, file: mf, name: cfg.name + "." + m.Name.Name}
					}
				}
			}
			return nil
		}
	}
	if _, lit := fun.(*ast.FuncLit); lit {
		return nil
	}
	return f.resolveFunc(file, fun)
}

func passesIdent(args []ast.Expr, name string) bool {
	for _, a := range args {
		if id, ok := a.(*ast.Ident); ok && id.Name == name && name != "" {
			return true
		}
	}
	return false
}

func (f *finder) readersBySignature(cfg *typeDecl) []parseFunc {
	pkgs := []*goPackage{f.main}
	if cfg.file.pkg != f.main {
		pkgs = append(pkgs, cfg.file.pkg)
	}
	var out []parseFunc
	for _, p := range pkgs {
		names := make([]string, 0, len(p.funcs))
		for n := range p.funcs {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fd := p.funcs[n]
			file := p.fileOf(fd)
			if file != nil && hasGjsonParam(file, fd.Type) && configParam(file, fd.Type, cfg) != "" {
				out = append(out, parseFunc{typ: fd.Type, body: fd.Body, file: file, name: fd.Name.Name})
			}
		}
	}
	for _, m := range cfg.file.pkg.methods[cfg.name] {
		file := cfg.file.pkg.fileOf(m)
		if file != nil && m.Body != nil && hasGjsonParam(file, m.Type) {
			out = append(out, parseFunc{typ: m.Type, recv: m.Recv, body: m.Body, file: file, name: cfg.name + "." + m.Name.Name})
		}
	}
	return out
}

func isGjsonResult(file *sourceFile, e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Result" {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && file.imports[id.Name] == gjsonPath
}

func hasGjsonParam(file *sourceFile, ft *ast.FuncType) bool {
	return gjsonParam(file, ft) != ""
}

func gjsonParam(file *sourceFile, ft *ast.FuncType) string {
	if ft.Params == nil {
		return ""
	}
	for _, field := range ft.Params.List {
		if isGjsonResult(file, field.Type) && len(field.Names) > 0 {
			return field.Names[0].Name
		}
	}
	return ""
}

// configParam is the name of the last `*T` parameter whose T is cfg.
func configParam(file *sourceFile, ft *ast.FuncType, cfg *typeDecl) string {
	name := ""
	for _, field := range ft.Params.List {
		if star, ok := field.Type.(*ast.StarExpr); ok && len(field.Names) > 0 {
			if t, _ := file.resolveTypeExpr(star.X); t == cfg {
				name = field.Names[len(field.Names)-1].Name
			}
		}
	}
	return name
}

type tracer struct {
	fieldKeys map[string]map[string]bool
	kinds     map[string]string
	read      []readKey
	seenKey   map[string]bool
	unmarshal bool
}

// trace follows one reader. taint maps a local variable to the keys its value was computed from.
func (t *tracer) trace(r parseFunc, cfg *typeDecl) {
	root := gjsonParam(r.file, r.typ)
	config := configParam(r.file, r.typ, cfg)
	if r.recv != nil && len(r.recv.List) == 1 && len(r.recv.List[0].Names) == 1 {
		config = r.recv.List[0].Names[0].Name
	}
	if root == "" || config == "" || r.body == nil {
		return
	}
	taint := map[string]map[string]bool{}
	// rootKey returns the key of `root.Get("key")`.
	rootKey := func(e ast.Expr) (string, bool) {
		call, ok := e.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return "", false
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Get" {
			return "", false
		}
		id, ok := sel.X.(*ast.Ident)
		lit, isLit := call.Args[0].(*ast.BasicLit)
		if !ok || id.Name != root || !isLit || lit.Kind != token.STRING {
			return "", false
		}
		k, err := strconv.Unquote(lit.Value)
		return k, err == nil
	}
	keysOf := func(e ast.Expr) map[string]bool {
		out := map[string]bool{}
		ast.Inspect(e, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.SelectorExpr:
				if rootIdent(x) == config {
					return false // the config's own fields (append(config.list, v)) add no key
				}
			case *ast.CallExpr:
				if k, ok := rootKey(x); ok {
					out[k] = true
				}
			case *ast.Ident:
				for k := range taint[x.Name] {
					out[k] = true
				}
			}
			return true
		})
		return out
	}
	assign := func(lhs ast.Expr, keys map[string]bool, define bool) {
		if id, ok := lhs.(*ast.Ident); ok {
			if id.Name == "_" {
				return
			}
			// `x := …` starts a new variable (often the same name in the next loop); `x = …` may
			// be one of several branches, so it adds.
			if define || taint[id.Name] == nil {
				taint[id.Name] = map[string]bool{}
			}
			for k := range keys {
				taint[id.Name][k] = true
			}
			return
		}
		if field := configField(lhs, config); field != "" {
			if t.fieldKeys[field] == nil {
				t.fieldKeys[field] = map[string]bool{}
			}
			for k := range keys {
				t.fieldKeys[field][k] = true
			}
		}
	}
	ast.Inspect(r.body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			for i, lhs := range x.Lhs {
				rhs := x.Rhs[0]
				if len(x.Rhs) == len(x.Lhs) {
					rhs = x.Rhs[i]
				}
				assign(lhs, keysOf(rhs), x.Tok == token.DEFINE)
			}
		case *ast.ValueSpec:
			for i, name := range x.Names {
				if i < len(x.Values) {
					assign(name, keysOf(x.Values[i]), true)
				} else if len(x.Values) == 1 {
					assign(name, keysOf(x.Values[0]), true)
				}
			}
		case *ast.RangeStmt:
			keys := keysOf(x.X)
			if x.Key != nil {
				assign(x.Key, keys, x.Tok == token.DEFINE)
			}
			if x.Value != nil {
				assign(x.Value, keys, x.Tok == token.DEFINE)
			}
		case *ast.CallExpr:
			if sel, ok := x.Fun.(*ast.SelectorExpr); ok {
				if k, ok := rootKey(sel.X); ok {
					t.note(k, accessorKind(sel.Sel.Name), r.file, x.Pos())
				}
				if strings.HasPrefix(sel.Sel.Name, "Unmarshal") && passesConfig(x.Args, config) {
					t.unmarshal = true
				}
			}
			if k, ok := rootKey(x); ok {
				t.note(k, "", r.file, x.Pos())
			}
		}
		return true
	})
}

func (t *tracer) note(key, kind string, file *sourceFile, at token.Pos) {
	if kind != "" && t.kinds[key] == "" {
		t.kinds[key] = kind
	}
	if !t.seenKey[key] {
		t.seenKey[key] = true
		t.read = append(t.read, readKey{key: key, pos: file.pkg.pos(file, at)})
	}
}

// accessorKind maps a gjson.Result accessor to the JSON type it expects.
func accessorKind(method string) string {
	switch method {
	case "String":
		return "string"
	case "Int", "Uint":
		return "integer"
	case "Float":
		return "number"
	case "Bool":
		return "boolean"
	case "Array":
		return "array"
	case "Map":
		return "object"
	}
	return ""
}

// selectorRoot walks `a.F.G[i]` down to `a`: it returns a's name and F, the field selected
// directly on it ("" when there is none).
func selectorRoot(e ast.Expr) (root, field string) {
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return x.Name, field
		case *ast.SelectorExpr:
			field = x.Sel.Name
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		default:
			return "", ""
		}
	}
}

func rootIdent(e ast.Expr) string {
	root, _ := selectorRoot(e)
	return root
}

// configField is F for `config.F`, `config.F.G`, `config.F[i]` (the top-level property set).
func configField(e ast.Expr, config string) string {
	if root, field := selectorRoot(e); root == config {
		return field
	}
	return ""
}

func passesConfig(args []ast.Expr, config string) bool {
	for _, a := range args {
		if u, ok := a.(*ast.UnaryExpr); ok {
			a = u.X
		}
		if id, ok := a.(*ast.Ident); ok && id.Name == config {
			return true
		}
	}
	return false
}

func kindNode(kind string) *Node {
	switch kind {
	case "array":
		return &Node{Kind: "array", GoType: "gjson array", Items: &Node{Kind: "any", GoType: "gjson value"}}
	case "object":
		return &Node{Kind: "map", GoType: "gjson object", Values: &Node{Kind: "any", GoType: "gjson value"}}
	case "":
		return &Node{Kind: "any", GoType: "gjson value"}
	}
	return &Node{Kind: kind, GoType: "gjson " + kind}
}

// hasUnknown: the Go type has a part hplugin cannot describe (e.g. []*regexp.Regexp compiled
// from a list of strings); the accessor's type is the better description then.
func hasUnknown(n *Node) bool {
	if n == nil {
		return false
	}
	return n.Kind == "unknown" || hasUnknown(n.Items) || hasUnknown(n.Values)
}

func (p *keyPolicy) keyOf(goName string) (string, bool) {
	if p == nil {
		return "", false
	}
	k, ok := p.fieldKey[goName]
	return k, ok
}

func (p *keyPolicy) unknownField(w *walker, goName string, at Pos) {
	if w.rootKeys != nil {
		w.rootKeys.Unknown = append(w.rootKeys.Unknown, goName)
	}
	w.warn("SPEC_CONFIG_KEY_UNKNOWN", at, "Field %s has no json tag and the config is read with gjson (%s), but hplugin cannot trace which json.Get key sets it; it is left out of the schema rather than named after its Go field.",
		goName, strings.Join(p.report.Readers, ", "))
}

// addExtraKeys appends the keys the readers read that no described field holds, typed by the
// accessor used on them (json.Get("k").Int() → integer).
func (p *keyPolicy) addExtraKeys(fields []*Field) []*Field {
	if p.untraced {
		return fields
	}
	have := map[string]bool{}
	for _, f := range fields {
		have[f.Name] = true
	}
	for _, r := range p.read {
		if have[r.key] || !plainKey(r.key) {
			continue
		}
		have[r.key] = true
		p.report.Extra = append(p.report.Extra, r.key)
		fields = append(fields, &Field{GoName: r.key, Name: r.key, Pos: r.pos, Exported: true, Doc: []Line{}, Type: kindNode(p.kinds[r.key])})
	}
	return fields
}
