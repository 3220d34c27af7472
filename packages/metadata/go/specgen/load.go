package main

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/scanner"
	"go/token"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
)

// typeDecl is one `type X …` declaration of the package.
type typeDecl struct {
	name string
	spec *ast.TypeSpec
	doc  *ast.CommentGroup
	file *sourceFile
}

type sourceFile struct {
	// The path relative to the main package folder: main.go, or config/config.go for a file of
	// another package of the module, so every position a user sees opens from the plugin folder.
	name    string
	ast     *ast.File
	imports map[string]string // local name → import path
	// Import paths brought in with `import . "…"`: their names are used unqualified.
	dotImports []string
	pkg        *goPackage
}

type goPackage struct {
	name       string
	importPath string
	fset       *token.FileSet
	files      []*sourceFile
	fileNames  []string
	types      map[string]*typeDecl
	funcs      map[string]*ast.FuncDecl
	// Methods by receiver type name (pointer or not), for the gjson key reader.
	methods map[string][]*ast.FuncDecl
	loader  *loader
}

// loadPackage parses the .go files of dir that a wasip1/wasm build would compile, so that files
// behind other build constraints (tests, other platforms) cannot add conflicting declarations.
// rel is dir relative to the main package folder ("" for the main package itself).
func loadPackage(l *loader, dir, rel, importPath string, tags []string) (*goPackage, *Diagnostic) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, &Diagnostic{Code: "SPEC_GO_SOURCE_NOT_FOUND", Message: fmt.Sprintf("Cannot read the main package folder %s: %v.", dir, err),
			Hint: "Point `main` (build.main in the plugin config) at the folder that holds the plugin's main.go."}
	}
	ctx := build.Default
	ctx.GOOS, ctx.GOARCH, ctx.CgoEnabled, ctx.BuildTags = "wasip1", "wasm", false, tags

	pkg := &goPackage{importPath: importPath, fset: l.fset, types: map[string]*typeDecl{}, funcs: map[string]*ast.FuncDecl{},
		methods: map[string][]*ast.FuncDecl{}, loader: l}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		if ok, err := ctx.MatchFile(dir, n); err != nil || !ok {
			continue
		}
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, &Diagnostic{Code: "SPEC_GO_SOURCE_NOT_FOUND", Message: fmt.Sprintf("No Go source files in %s.", dir),
			Hint: "Point `main` (build.main in the plugin config) at the folder that holds the plugin's main.go."}
	}
	for _, n := range names {
		f, err := parser.ParseFile(pkg.fset, dir+string(os.PathSeparator)+n, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, parseDiagnostic(path.Join(rel, n), err)
		}
		if pkg.name == "" {
			pkg.name = f.Name.Name
		} else if f.Name.Name != pkg.name {
			continue // a stray file of another package; `go build` would reject it, we ignore it
		}
		imports, dots := importsOf(f)
		sf := &sourceFile{name: path.Join(rel, n), ast: f, imports: imports, dotImports: dots, pkg: pkg}
		pkg.files = append(pkg.files, sf)
		pkg.fileNames = append(pkg.fileNames, sf.name)
		pkg.index(sf)
	}
	return pkg, nil
}

func (p *goPackage) index(sf *sourceFile) {
	for _, decl := range sf.ast.Decls {
		switch d := decl.(type) {
		case *ast.GenDecl:
			if d.Tok != token.TYPE {
				continue
			}
			for _, s := range d.Specs {
				ts := s.(*ast.TypeSpec)
				doc := ts.Doc
				// `// doc` above a lone `type X struct` belongs to the GenDecl, not the TypeSpec.
				if doc == nil && len(d.Specs) == 1 {
					doc = d.Doc
				}
				p.types[ts.Name.Name] = &typeDecl{name: ts.Name.Name, spec: ts, doc: doc, file: sf}
			}
		case *ast.FuncDecl:
			if d.Recv == nil {
				p.funcs[d.Name.Name] = d
			} else if len(d.Recv.List) == 1 {
				recv := strings.TrimPrefix(exprString(d.Recv.List[0].Type), "*")
				p.methods[recv] = append(p.methods[recv], d)
			}
		}
	}
}

func importsOf(f *ast.File) (map[string]string, []string) {
	m := map[string]string{}
	var dots []string
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		local := path.Base(p)
		// github.com/foo/bar/v2 is imported as `bar`, not `v2`.
		if strings.HasPrefix(local, "v") && len(local) > 1 && strings.Trim(local[1:], "0123456789") == "" {
			local = path.Base(path.Dir(p))
		}
		if imp.Name != nil && imp.Name.Name == "." {
			dots = append(dots, p)
			continue
		}
		if imp.Name != nil {
			local = imp.Name.Name
		}
		m[local] = p
	}
	return m, dots
}

func parseDiagnostic(file string, err error) *Diagnostic {
	d := &Diagnostic{Code: "SPEC_GO_PARSE", File: file, Message: fmt.Sprintf("Go syntax error: %v.", err),
		Hint: "Fix the syntax error (go vet ./... shows it too), then run hplugin spec again."}
	if list, ok := err.(scanner.ErrorList); ok && len(list) > 0 {
		d.Line = list[0].Pos.Line
		d.Message = fmt.Sprintf("Go syntax error: %s.", list[0].Msg)
	}
	return d
}

// docLines turns a comment group into lines with their line numbers, keeping indentation (a YAML
// @Example needs it) and dropping //go: and //nolint: style directives.
func docLines(fset *token.FileSet, cg *ast.CommentGroup) []Line {
	lines := []Line{}
	if cg == nil {
		return lines
	}
	for _, c := range cg.List {
		start := fset.Position(c.Slash).Line
		if strings.HasPrefix(c.Text, "//") {
			text := c.Text[2:]
			if isDirective(text) {
				continue
			}
			lines = append(lines, Line{Line: start, Text: text})
			continue
		}
		body := strings.TrimSuffix(strings.TrimPrefix(c.Text, "/*"), "*/")
		for i, l := range strings.Split(body, "\n") {
			lines = append(lines, Line{Line: start + i, Text: l})
		}
	}
	return lines
}

func isDirective(text string) bool {
	if text == "" || text[0] == ' ' || text[0] == '\t' {
		return false
	}
	colon := strings.Index(text, ":")
	return colon > 0 && strings.Trim(text[:colon], "abcdefghijklmnopqrstuvwxyz0123456789") == ""
}
