// specgen reads a Higress Wasm plugin's Go package and prints, as JSON, the plugin's config
// struct and the shape of its fields. hplugin turns that into spec.yaml.
//
// It parses source only (go/parser), never builds or type-checks it, so it needs neither the
// plugin's dependencies nor a go.sum: a plugin that does not compile yet still gets a spec.
//
// Usage: specgen -dir <package folder> [-tags a,b]
package main

import (
	"encoding/json"
	"flag"
	"os"
	"runtime"
	"strings"
)

func main() {
	dir := flag.String("dir", ".", "folder of the plugin's main package")
	tags := flag.String("tags", "", "extra build tags, comma separated (as in .buildrc)")
	flag.Parse()

	out := &Output{GoVersion: runtime.Version(), Warnings: []Diagnostic{}}
	run(out, *dir, splitTags(*tags))

	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		os.Exit(1)
	}
}

func run(out *Output, dir string, tags []string) {
	l := newLoader(dir, tags)
	pkg, diag := loadPackage(l, dir, "", l.mainImportPath(), tags)
	if diag != nil {
		out.Error = diag
		return
	}
	if pkg.importPath != "" {
		l.pkgs[pkg.importPath] = pkg
	}
	out.Package = pkg.name
	out.Files = pkg.fileNames
	f := newFinder(pkg)
	cfg, warnings, diag := f.findConfigType()
	read := len(l.warnings)
	out.Warnings = append(out.Warnings, l.warnings...)
	if diag != nil {
		out.Error = diag
		return
	}
	out.Warnings = append(out.Warnings, warnings...)
	out.Config = cfg
	w := newWalker(func(t *typeDecl) (*keyPolicy, *KeyReport) { return gjsonKeys(f, t, t == cfg.decl) })
	out.Root = w.rootNode(cfg.decl)
	out.Keys = w.rootKeys
	out.Warnings = append(out.Warnings, w.warnings...)
	// Packages read while walking may have been broken too.
	out.Warnings = append(out.Warnings, l.warnings[read:]...)
}

func splitTags(s string) []string {
	var tags []string
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		tags = append(tags, t)
	}
	return tags
}
