package main

import (
	"fmt"
	"go/ast"
	"regexp"
	"sort"
	"strings"
)

// The wrapper options that take a parse function whose `config *T` parameter names the config
// type: ParseConfigBy, ParseConfig, ParseConfigWithContext, ParseRawConfig, ParseOverrideConfigBy,
// ParseOverrideConfig, ParseOverrideRawConfig (higress-group/wasm-go pkg/wrapper).
var parseOptionName = regexp.MustCompile(`^Parse(Override)?(Raw)?Config(By|WithContext)?$`)

// findConfigType picks the plugin's config struct:
//  1. the struct whose doc comment carries @Name or @Category (hgctl's convention);
//  2. else the `config *T` parameter of the functions given to wrapper.ParseConfig… (or T in
//     wrapper.SetCtx[T]);
//  3. else an error that says what to add.
func findConfigType(p *goPackage) (*ConfigType, *Diagnostic) {
	var annotated []*typeDecl
	for _, name := range p.sortedTypeNames() {
		t := p.types[name]
		if _, ok := t.spec.Type.(*ast.StructType); ok && hasPluginAnnotation(docLines(p.fset, t.doc)) {
			annotated = append(annotated, t)
		}
	}
	if len(annotated) > 1 {
		return nil, ambiguous(p, annotated, "carry @Name/@Category annotations",
			"Keep the plugin-level annotations (@Name, @Category, @Title …) on the config struct only.")
	}
	if len(annotated) == 1 {
		return p.configType(annotated[0], "annotation"), nil
	}

	found, reasons := p.typesFromWrapperCalls()
	if len(found) > 1 {
		return nil, ambiguous(p, found, "are passed as plugin config to the wrapper",
			"Mark the config struct with a `// @Name <plugin-name>` doc comment so hplugin knows which one to describe.")
	}
	if len(found) == 1 {
		return p.configType(found[0], reasons[found[0].name]), nil
	}
	return nil, &Diagnostic{
		Code:    "SPEC_CONFIG_STRUCT_NOT_FOUND",
		Message: "Found no plugin config struct: no struct's doc comment carries @Name or @Category, and no wrapper.ParseConfigBy/ParseConfig call names a function with a `config *T` parameter.",
		Hint:    "Add `// @Name <plugin-name>` to the doc comment of your config struct, or register it with wrapper.SetCtx(\"name\", wrapper.ParseConfigBy(parseConfig)) where parseConfig takes `config *MyConfig`.",
	}
}

func hasPluginAnnotation(lines []Line) bool {
	for _, l := range lines {
		t := strings.TrimSpace(l.Text)
		for _, tag := range []string{"@Name", "@Category"} {
			if t == tag || strings.HasPrefix(t, tag+" ") || strings.HasPrefix(t, tag+"\t") {
				return true
			}
		}
	}
	return false
}

// typesFromWrapperCalls walks every call in the package once.
func (p *goPackage) typesFromWrapperCalls() ([]*typeDecl, map[string]string) {
	seen := map[string]string{}
	var order []*typeDecl
	add := func(name, reason string) {
		t, ok := p.types[name]
		if !ok {
			return
		}
		if _, isStruct := t.spec.Type.(*ast.StructType); !isStruct {
			return
		}
		if _, dup := seen[name]; !dup {
			seen[name] = reason
			order = append(order, t)
		}
	}
	for _, f := range p.files {
		ast.Inspect(f.ast, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fun, typeArgs := unwrapInstantiation(call.Fun)
			name := calleeName(fun)
			if (name == "SetCtx" || name == "SetCtxWithOptions") && len(typeArgs) == 1 {
				if id, ok := typeArgs[0].(*ast.Ident); ok {
					add(id.Name, "generic")
				}
			}
			if !parseOptionName.MatchString(name) {
				return true
			}
			for _, arg := range call.Args {
				if t := p.configParamOf(arg); t != "" {
					add(t, "parse-config")
				}
			}
			return true
		})
	}
	return order, seen
}

// configParamOf returns T for the last `*T` parameter of a function (named or literal).
func (p *goPackage) configParamOf(arg ast.Expr) string {
	var ft *ast.FuncType
	switch a := arg.(type) {
	case *ast.Ident:
		if fd, ok := p.funcs[a.Name]; ok {
			ft = fd.Type
		}
	case *ast.FuncLit:
		ft = a.Type
	}
	if ft == nil || ft.Params == nil {
		return ""
	}
	result := ""
	for _, field := range ft.Params.List {
		if star, ok := field.Type.(*ast.StarExpr); ok {
			if id, ok := star.X.(*ast.Ident); ok {
				result = id.Name
			}
		}
	}
	return result
}

func unwrapInstantiation(e ast.Expr) (ast.Expr, []ast.Expr) {
	switch x := e.(type) {
	case *ast.IndexExpr:
		return x.X, []ast.Expr{x.Index}
	case *ast.IndexListExpr:
		return x.X, x.Indices
	}
	return e, nil
}

func calleeName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.Ident:
		return x.Name
	}
	return ""
}

func (p *goPackage) configType(t *typeDecl, reason string) *ConfigType {
	return &ConfigType{Name: t.name, Pos: p.pos(t.file, t.spec.Pos()), Reason: reason, Doc: docLines(p.fset, t.doc)}
}

func (p *goPackage) sortedTypeNames() []string {
	names := make([]string, 0, len(p.types))
	for n := range p.types {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func ambiguous(p *goPackage, ts []*typeDecl, what, hint string) *Diagnostic {
	var places []string
	for _, t := range ts {
		pos := p.pos(t.file, t.spec.Pos())
		places = append(places, fmt.Sprintf("%s (%s:%d)", t.name, pos.File, pos.Line))
	}
	first := p.pos(ts[0].file, ts[0].spec.Pos())
	return &Diagnostic{
		Code:    "SPEC_CONFIG_STRUCT_AMBIGUOUS",
		Message: fmt.Sprintf("Several structs %s: %s; hplugin describes exactly one config struct.", what, strings.Join(places, ", ")),
		Hint:    hint,
		File:    first.File,
		Line:    first.Line,
	}
}
