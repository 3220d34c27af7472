package main

import (
	"fmt"
	"go/ast"
	"go/token"
)

type walker struct {
	warnings []Diagnostic
	// Types being expanded right now: a struct that contains itself is described once.
	expanding map[*typeDecl]bool
	// The config struct, and how its property names are known when it is read with gjson.
	root *ast.StructType
	// How property names are known, per struct (see keys.go): keysFor computes it once per
	// declared struct; cur applies to the struct being described now (nil: json/yaml tags).
	keysFor  func(*typeDecl) (*keyPolicy, *KeyReport)
	policies map[*ast.StructType]*keyPolicy
	cur      *keyPolicy
	rootKeys *KeyReport
}

func newWalker(keysFor func(*typeDecl) (*keyPolicy, *KeyReport)) *walker {
	return &walker{expanding: map[*typeDecl]bool{}, keysFor: keysFor, policies: map[*ast.StructType]*keyPolicy{}}
}

func (p *goPackage) pos(f *sourceFile, at token.Pos) Pos {
	return Pos{File: f.name, Line: p.fset.Position(at).Line}
}

func (w *walker) warn(code string, at Pos, format string, args ...any) {
	w.warnings = append(w.warnings, Diagnostic{Code: code, File: at.File, Line: at.Line, Message: fmt.Sprintf(format, args...)})
}

func (w *walker) rootNode(t *typeDecl) *Node {
	w.root, _ = t.spec.Type.(*ast.StructType)
	if w.root != nil {
		w.policies[w.root], w.rootKeys = w.keysFor(t)
	}
	return w.typeNode(t, t.file.pkg.pos(t.file, t.spec.Pos()))
}

// node maps a Go type expression to the JSON value encoding/json would read into it.
// at is the field being described, for warnings.
func (w *walker) node(expr ast.Expr, file *sourceFile, at Pos) *Node {
	goType := exprString(expr)
	switch e := expr.(type) {
	case *ast.Ident:
		if n := builtin(e.Name); n != nil {
			return n
		}
		return w.localType(e.Name, file, at)
	case *ast.StarExpr:
		n := w.node(e.X, file, at)
		return n
	case *ast.ArrayType:
		if id, ok := e.Elt.(*ast.Ident); ok && (id.Name == "byte" || id.Name == "uint8") {
			return &Node{Kind: "string", GoType: goType, Format: "byte"} // encoding/json: base64 text
		}
		return &Node{Kind: "array", GoType: goType, Items: w.node(e.Elt, file, at)}
	case *ast.MapType:
		if k := w.node(e.Key, file, at); k.Kind != "string" && k.Kind != "integer" {
			w.warn("SPEC_MAP_KEY", at, "Map key type %s cannot be a JSON object key; the schema describes it as an object with string keys.", exprString(e.Key))
		}
		return &Node{Kind: "map", GoType: goType, Values: w.node(e.Value, file, at)}
	case *ast.StructType:
		return &Node{Kind: "object", GoType: "struct", Fields: w.structFields(e, file)}
	case *ast.InterfaceType:
		return &Node{Kind: "any", GoType: goType}
	case *ast.SelectorExpr:
		return w.foreign(e, file, at)
	}
	w.warn("SPEC_TYPE_UNSUPPORTED", at, "Type %s has no JSON form hplugin knows; the schema leaves it open.", goType)
	return &Node{Kind: "unknown", GoType: goType}
}

func builtin(name string) *Node {
	switch name {
	case "string":
		return &Node{Kind: "string", GoType: name}
	case "bool":
		return &Node{Kind: "boolean", GoType: name}
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "byte", "rune":
		return &Node{Kind: "integer", GoType: name}
	case "float32", "float64":
		return &Node{Kind: "number", GoType: name}
	case "any":
		return &Node{Kind: "any", GoType: name}
	}
	return nil
}

func (w *walker) localType(name string, file *sourceFile, at Pos) *Node {
	t := file.lookupType(name)
	if t == nil {
		w.warn("SPEC_TYPE_UNRESOLVED", at, "Type %s is not declared in this package; the schema leaves it open.", name)
		return &Node{Kind: "unknown", GoType: name}
	}
	return w.typeNode(t, at)
}

// typeNode describes a declared type of the module (this package, a dot-import, or pkg.T).
func (w *walker) typeNode(t *typeDecl, at Pos) *Node {
	name := t.name
	if t.spec.TypeParams != nil {
		w.warn("SPEC_TYPE_UNSUPPORTED", at, "Generic type %s is not described; the schema leaves it open.", name)
		return &Node{Kind: "unknown", GoType: name}
	}
	if w.expanding[t] {
		return &Node{Kind: "object", GoType: name, Recursive: true}
	}
	w.expanding[t] = true
	defer delete(w.expanding, t)
	if st, ok := t.spec.Type.(*ast.StructType); ok && st != w.root {
		if _, done := w.policies[st]; !done {
			w.policies[st], _ = w.keysFor(t)
		}
	}
	n := w.node(t.spec.Type, t.file, at)
	// Keep the named type for messages: `type Mode string` reads better than `string`.
	copy := *n
	copy.GoType = name
	return &copy
}

// foreign handles pkg.Type: a few well-known types, and an open schema for the rest, since
// describing another package would need its source (and a build).
func (w *walker) foreign(e *ast.SelectorExpr, file *sourceFile, at Pos) *Node {
	goType := exprString(e)
	pkgIdent, _ := e.X.(*ast.Ident)
	path := ""
	if pkgIdent != nil {
		path = file.imports[pkgIdent.Name]
	}
	switch path + "." + e.Sel.Name {
	case "time.Duration":
		return &Node{Kind: "string", GoType: goType, Format: "duration"}
	case "time.Time":
		return &Node{Kind: "string", GoType: goType, Format: "date-time"}
	case "encoding/json.RawMessage", "github.com/tidwall/gjson.Result":
		return &Node{Kind: "any", GoType: goType}
	}
	// A package of the plugin's own module (config.XConfig) is read like this one.
	if pkgIdent != nil {
		if p, _ := file.packageOf(pkgIdent.Name); p != nil {
			if t, ok := p.types[e.Sel.Name]; ok {
				n := w.typeNode(t, at)
				copy := *n
				copy.GoType = goType
				return &copy
			}
		}
	}
	w.warn("SPEC_TYPE_UNRESOLVED", at, "Type %s comes from another package (%s), which hplugin does not read; the schema leaves it open.", goType, path)
	return &Node{Kind: "unknown", GoType: goType}
}

func exprString(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.StarExpr:
		return "*" + exprString(x.X)
	case *ast.SelectorExpr:
		return exprString(x.X) + "." + x.Sel.Name
	case *ast.ArrayType:
		if x.Len == nil {
			return "[]" + exprString(x.Elt)
		}
		return "[...]" + exprString(x.Elt)
	case *ast.MapType:
		return "map[" + exprString(x.Key) + "]" + exprString(x.Value)
	case *ast.InterfaceType:
		return "interface{}"
	case *ast.StructType:
		return "struct{…}"
	case *ast.FuncType:
		return "func"
	case *ast.ChanType:
		return "chan"
	case *ast.IndexExpr:
		return exprString(x.X) + "[" + exprString(x.Index) + "]"
	}
	return fmt.Sprintf("%T", e)
}
