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

// finder looks for the config struct in the main package and the module's packages it imports.
type finder struct {
	main *goPackage
	// The main package first, then the module packages it imports, in import order.
	scope []*goPackage
	// `config *T` parameters that were there but could not be used, for the not-found message.
	rejected []string
}

func newFinder(main *goPackage) *finder {
	f := &finder{main: main, scope: []*goPackage{main}}
	seen := map[string]bool{}
	for _, file := range main.files {
		paths := []string{}
		for _, p := range file.imports {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		for _, p := range append(paths, file.dotImports...) {
			if seen[p] {
				continue
			}
			seen[p] = true
			if pkg := main.loader.byImport(p); pkg != nil {
				f.scope = append(f.scope, pkg)
			}
		}
	}
	return f
}

// findConfigType picks the plugin's config struct:
//  1. the struct whose doc comment carries @Name or @Category (hgctl's convention), in the main
//     package or a package of the module it imports;
//  2. else the `config *T` parameter of the functions given to wrapper.ParseConfig… (or T in
//     wrapper.SetCtx[T]); T may live in another package of the module;
//  3. else an error that says what to add.
//
// A block of plugin annotations that is not the doc comment of a struct (on func main, or
// separated from the struct by a blank line) is not ignored: it is used for the config struct
// found by rule 2, with a warning saying where it is.
func (f *finder) findConfigType() (*ConfigType, []Diagnostic, *Diagnostic) {
	var annotated []*typeDecl
	var detached []detachedBlock
	for _, p := range f.scope {
		for _, name := range p.sortedTypeNames() {
			t := p.types[name]
			if _, ok := t.spec.Type.(*ast.StructType); ok && hasPluginAnnotation(docLines(p.fset, t.doc)) {
				annotated = append(annotated, t)
			}
		}
		detached = append(detached, p.detachedBlocks()...)
	}
	if len(annotated) > 1 {
		return nil, nil, ambiguous(annotated, "carry @Name/@Category annotations",
			"Keep the plugin-level annotations (@Name, @Category, @Title …) on the config struct only.")
	}
	if len(annotated) == 1 {
		var warnings []Diagnostic
		for _, d := range detached {
			warnings = append(warnings, d.warning(fmt.Sprintf("it is not used, because struct %s carries the plugin annotations", annotated[0].name)))
		}
		return configType(annotated[0], "annotation"), warnings, nil
	}

	found, reasons := f.typesFromWrapperCalls()
	if len(found) > 1 {
		return nil, nil, ambiguous(found, "are passed as plugin config to the wrapper",
			"Mark the config struct with a `// @Name <plugin-name>` doc comment so hplugin knows which one to describe.")
	}
	if len(found) == 1 {
		cfg := configType(found[0], reasons[found[0]])
		var warnings []Diagnostic
		switch {
		case len(detached) == 1:
			d := detached[0]
			cfg.Doc, cfg.DocFile = d.lines, d.file.name
			warnings = append(warnings, d.warning(fmt.Sprintf("it is used for the config struct %s, but belongs in that struct's doc comment", cfg.Name)))
		case len(detached) > 1:
			for _, d := range detached {
				warnings = append(warnings, d.warning(fmt.Sprintf("it is not used: %d such blocks were found and hplugin cannot tell which one describes %s", len(detached), cfg.Name)))
			}
		}
		return cfg, warnings, nil
	}
	return nil, nil, f.notFound(detached)
}

func (f *finder) notFound(detached []detachedBlock) *Diagnostic {
	msg := "Found no plugin config struct: no struct's doc comment carries @Name or @Category"
	if len(f.rejected) > 0 {
		msg += ", and the parse functions given to the wrapper take a config parameter hplugin cannot describe: " + strings.Join(f.rejected, "; ")
	} else {
		msg += ", and no wrapper.ParseConfigBy/ParseConfig call names a function with a `config *T` parameter"
	}
	if len(detached) > 0 {
		d := detached[0]
		msg += fmt.Sprintf(". Plugin annotations at %s:%d are %s", d.file.name, d.line, d.where)
	}
	return &Diagnostic{
		Code:    "SPEC_CONFIG_STRUCT_NOT_FOUND",
		Message: msg + ".",
		Hint:    "Add `// @Name <plugin-name>` to the doc comment of your config struct (a struct declared in the plugin's own module), or register it with wrapper.SetCtx(\"name\", wrapper.ParseConfigBy(parseConfig)) where parseConfig takes `config *MyConfig`.",
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

// detachedBlock is a comment group with plugin annotations that is not a struct's doc comment.
type detachedBlock struct {
	file  *sourceFile
	line  int
	lines []Line
	where string // "on func main", "not attached to any declaration"
}

func (d detachedBlock) warning(outcome string) Diagnostic {
	return Diagnostic{Code: "SPEC_ANNOTATIONS_DETACHED", File: d.file.name, Line: d.line,
		Message: fmt.Sprintf("The plugin annotations (@Name/@Category …) here are %s; %s.", d.where, outcome),
		Hint:    "Move the block into the doc comment of the config struct: directly above `type … struct`, with no blank line in between."}
}

func (p *goPackage) detachedBlocks() []detachedBlock {
	var out []detachedBlock
	for _, f := range p.files {
		owners := map[*ast.CommentGroup]string{}
		for _, decl := range f.ast.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Doc != nil {
					owners[d.Doc] = "on func " + d.Name.Name + ", not on a struct"
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if ts, ok := s.(*ast.TypeSpec); ok {
						if _, isStruct := ts.Type.(*ast.StructType); isStruct {
							owners[d.Doc], owners[ts.Doc] = "struct", "struct"
							continue
						}
						if ts.Doc != nil {
							owners[ts.Doc] = "on type " + ts.Name.Name + ", which is not a struct"
						}
					}
				}
				if d.Doc != nil && owners[d.Doc] == "" {
					owners[d.Doc] = "on a " + d.Tok.String() + " declaration, not on a struct"
				}
			}
		}
		for _, cg := range f.ast.Comments {
			where := owners[cg]
			if where == "struct" {
				continue
			}
			lines := docLines(p.fset, cg)
			if !hasPluginAnnotation(lines) {
				continue
			}
			if where == "" {
				where = "not attached to any declaration (a blank line between the comment and `type … struct` detaches it)"
			}
			out = append(out, detachedBlock{file: f, line: p.fset.Position(cg.Pos()).Line, lines: lines, where: where})
		}
	}
	return out
}

// typesFromWrapperCalls finds the config types named by the wrapper calls of the main package.
func (f *finder) typesFromWrapperCalls() ([]*typeDecl, map[*typeDecl]string) {
	seen := map[*typeDecl]string{}
	var order []*typeDecl
	add := func(t *typeDecl, reason string) {
		if _, isStruct := t.spec.Type.(*ast.StructType); !isStruct {
			f.rejected = append(f.rejected, fmt.Sprintf("%s (%s:%d) is not a struct", t.name, t.file.name, t.file.pkg.pos(t.file, t.spec.Pos()).Line))
			return
		}
		if _, dup := seen[t]; !dup {
			seen[t] = reason
			order = append(order, t)
		}
	}
	f.eachCall(func(file *sourceFile, call *ast.CallExpr, name string, typeArgs []ast.Expr) {
		if (name == "SetCtx" || name == "SetCtxWithOptions") && len(typeArgs) == 1 {
			if t, why := file.resolveTypeExpr(typeArgs[0]); t != nil {
				add(t, "generic")
			} else {
				f.rejected = append(f.rejected, fmt.Sprintf("wrapper.SetCtx[%s] names a type hplugin cannot read (%s)", exprString(typeArgs[0]), why))
			}
		}
		if !parseOptionName.MatchString(name) {
			return
		}
		for _, arg := range call.Args {
			if t := f.configParamOf(file, arg); t != nil {
				add(t, "parse-config")
			}
		}
	})
	return order, seen
}

// eachCall visits every call of the main package once, with the callee's name and type arguments.
func (f *finder) eachCall(visit func(file *sourceFile, call *ast.CallExpr, name string, typeArgs []ast.Expr)) {
	for _, file := range f.main.files {
		ast.Inspect(file.ast, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				fun, typeArgs := unwrapInstantiation(call.Fun)
				visit(file, call, calleeName(fun), typeArgs)
			}
			return true
		})
	}
}

// resolveFunc finds the function an argument of a wrapper option names: a function of this
// package, a dot-imported one, pkg.Func of the module, or a function literal.
func (f *finder) resolveFunc(file *sourceFile, arg ast.Expr) *parseFunc {
	switch a := arg.(type) {
	case *ast.Ident:
		if fd, p := file.lookupFunc(a.Name); fd != nil && p.fileOf(fd) != nil {
			return &parseFunc{typ: fd.Type, body: fd.Body, file: p.fileOf(fd), name: a.Name}
		}
	case *ast.SelectorExpr:
		if id, ok := a.X.(*ast.Ident); ok {
			if p, _ := file.packageOf(id.Name); p != nil {
				if fd, ok := p.funcs[a.Sel.Name]; ok && p.fileOf(fd) != nil {
					return &parseFunc{typ: fd.Type, body: fd.Body, file: p.fileOf(fd), name: exprString(a)}
				}
			}
		}
	case *ast.FuncLit:
		return &parseFunc{typ: a.Type, body: a.Body, file: file, name: "the function literal"}
	}
	return nil
}

// configParamOf returns T for the last `*T` parameter of a parse function given to the wrapper.
func (f *finder) configParamOf(file *sourceFile, arg ast.Expr) *typeDecl {
	fn := f.resolveFunc(file, arg)
	if fn == nil || fn.typ.Params == nil {
		return nil
	}
	var param ast.Expr
	var paramName string
	for _, field := range fn.typ.Params.List {
		if star, ok := field.Type.(*ast.StarExpr); ok {
			param = star.X
			paramName = ""
			if len(field.Names) > 0 {
				paramName = field.Names[len(field.Names)-1].Name
			}
		}
	}
	if param == nil {
		return nil
	}
	t, why := fn.file.resolveTypeExpr(param)
	if t == nil {
		at := fn.file.pkg.pos(fn.file, param.Pos())
		label := exprString(arg)
		if _, lit := arg.(*ast.FuncLit); lit {
			label = fn.name
		}
		f.rejected = append(f.rejected, fmt.Sprintf("%s (%s:%d) takes `%s *%s`, but %s", label, at.File, at.Line, paramName, exprString(param), why))
		return nil
	}
	return t
}

// parseFuncs lists every function given to a wrapper.Parse…Config option, in source order.
func (f *finder) parseFuncs() []*parseFunc {
	var out []*parseFunc
	f.eachCall(func(file *sourceFile, call *ast.CallExpr, name string, _ []ast.Expr) {
		if !parseOptionName.MatchString(name) {
			return
		}
		for _, arg := range call.Args {
			if fn := f.resolveFunc(file, arg); fn != nil {
				out = append(out, fn)
			}
		}
	})
	return out
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

func configType(t *typeDecl, reason string) *ConfigType {
	pos := t.file.pkg.pos(t.file, t.spec.Pos())
	return &ConfigType{Name: t.name, Pos: pos, Reason: reason, Doc: docLines(t.file.pkg.fset, t.doc), DocFile: t.file.name, decl: t}
}

func (p *goPackage) sortedTypeNames() []string {
	names := make([]string, 0, len(p.types))
	for n := range p.types {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func ambiguous(ts []*typeDecl, what, hint string) *Diagnostic {
	var places []string
	for _, t := range ts {
		pos := t.file.pkg.pos(t.file, t.spec.Pos())
		places = append(places, fmt.Sprintf("%s (%s:%d)", t.name, pos.File, pos.Line))
	}
	first := ts[0].file.pkg.pos(ts[0].file, ts[0].spec.Pos())
	return &Diagnostic{
		Code:    "SPEC_CONFIG_STRUCT_AMBIGUOUS",
		Message: fmt.Sprintf("Several structs %s: %s; hplugin describes exactly one config struct.", what, strings.Join(places, ", ")),
		Hint:    hint,
		File:    first.File,
		Line:    first.Line,
	}
}
