package main

import (
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"strings"
)

// loader reads the other packages of the plugin's own module on demand: Higress plugins often keep
// their config types and parse functions in a sub-package (`config *config.XConfig`,
// wrapper.ParseConfigBy(config.ParseGlobalConfig), or a dot-import). Packages of other modules
// are never read: their source may not be downloaded, and a plugin config does not live there.
type loader struct {
	fset       *token.FileSet
	tags       []string
	mainDir    string
	moduleRoot string // "" when no go.mod was found
	modulePath string
	pkgs       map[string]*goPackage // by import path; nil when the package could not be read
	warnings   []Diagnostic
}

func newLoader(mainDir string, tags []string) *loader {
	l := &loader{fset: token.NewFileSet(), tags: tags, mainDir: mainDir, pkgs: map[string]*goPackage{}}
	dir, _ := filepath.Abs(mainDir)
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil {
			if mp := modulePath(data); mp != "" {
				l.moduleRoot, l.modulePath = dir, mp
			}
			return l
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return l
		}
		dir = parent
	}
}

// mainImportPath is the main package's own import path within the module.
func (l *loader) mainImportPath() string {
	if l.moduleRoot == "" {
		return ""
	}
	abs, _ := filepath.Abs(l.mainDir)
	rel, err := filepath.Rel(l.moduleRoot, abs)
	if err != nil || rel == "." {
		return l.modulePath
	}
	return l.modulePath + "/" + filepath.ToSlash(rel)
}

// inModule reports whether an import path belongs to the plugin's module.
func (l *loader) inModule(importPath string) bool {
	return l.modulePath != "" && (importPath == l.modulePath || strings.HasPrefix(importPath, l.modulePath+"/"))
}

// byImport loads a package of the module (once); nil for other modules or unreadable packages.
func (l *loader) byImport(importPath string) *goPackage {
	if !l.inModule(importPath) {
		return nil
	}
	if p, seen := l.pkgs[importPath]; seen {
		return p
	}
	l.pkgs[importPath] = nil // guards against import cycles while loading
	dir := filepath.Join(l.moduleRoot, filepath.FromSlash(strings.TrimPrefix(strings.TrimPrefix(importPath, l.modulePath), "/")))
	absMain, _ := filepath.Abs(l.mainDir)
	rel, err := filepath.Rel(absMain, dir)
	if err != nil {
		return nil
	}
	p, diag := loadPackage(l, dir, filepath.ToSlash(rel), importPath, l.tags)
	if diag != nil {
		// A broken sub-package must not hide the main package's spec; say what was skipped.
		diag.Message = "Package " + importPath + " was not read: " + diag.Message
		l.warnings = append(l.warnings, Diagnostic{Code: "SPEC_PACKAGE_UNREADABLE", Message: diag.Message, File: diag.File, Line: diag.Line})
		return nil
	}
	l.pkgs[importPath] = p
	return p
}

// packageOf resolves the package a file refers to as `local` (config in config.XConfig).
func (f *sourceFile) packageOf(local string) (*goPackage, string) {
	path := f.imports[local]
	if path == "" {
		return nil, ""
	}
	return f.pkg.loader.byImport(path), path
}

// lookupType finds a type named in file: declared in the file's package, or brought in by a
// dot-import of the module.
func (f *sourceFile) lookupType(name string) *typeDecl {
	if t, ok := f.pkg.types[name]; ok {
		return t
	}
	for _, path := range f.dotImports {
		if p := f.pkg.loader.byImport(path); p != nil {
			if t, ok := p.types[name]; ok {
				return t
			}
		}
	}
	return nil
}

// lookupFunc is lookupType for top-level functions.
func (f *sourceFile) lookupFunc(name string) (*ast.FuncDecl, *goPackage) {
	if fd, ok := f.pkg.funcs[name]; ok {
		return fd, f.pkg
	}
	for _, path := range f.dotImports {
		if p := f.pkg.loader.byImport(path); p != nil {
			if fd, ok := p.funcs[name]; ok {
				return fd, p
			}
		}
	}
	return nil, nil
}

// resolveTypeExpr turns `T` or `pkg.T` as written in file into its declaration, when it is in
// the module. The string says why not otherwise, for messages.
func (f *sourceFile) resolveTypeExpr(e ast.Expr) (*typeDecl, string) {
	switch x := e.(type) {
	case *ast.Ident:
		if t := f.lookupType(x.Name); t != nil {
			return t, ""
		}
		return nil, "it is not declared in this package"
	case *ast.SelectorExpr:
		id, ok := x.X.(*ast.Ident)
		if !ok {
			return nil, "it is not a named type"
		}
		p, path := f.packageOf(id.Name)
		if p == nil {
			if path == "" {
				return nil, "its package is not imported"
			}
			return nil, "it comes from " + path + ", outside the plugin's module, whose source hplugin does not read"
		}
		if t, ok := p.types[x.Sel.Name]; ok {
			return t, ""
		}
		return nil, "it is not declared in " + path
	}
	return nil, "it is not a named type"
}

// fileOf finds the sourceFile that holds a node of p.
func (p *goPackage) fileOf(n ast.Node) *sourceFile {
	name := p.fset.Position(n.Pos()).Filename
	for _, f := range p.files {
		if p.fset.Position(f.ast.Pos()).Filename == name {
			return f
		}
	}
	return nil
}

// modulePath reads the `module` line of a go.mod (standard library only, like the rest of this
// program: a quoted path is unquoted, comments are ignored).
func modulePath(gomod []byte) string {
	for _, line := range strings.Split(string(gomod), "\n") {
		line = strings.TrimSpace(line)
		if i := strings.Index(line, "//"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if rest, ok := strings.CutPrefix(line, "module"); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			return strings.Trim(strings.TrimSpace(rest), "\"`")
		}
	}
	return ""
}
