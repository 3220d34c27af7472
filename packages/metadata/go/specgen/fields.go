package main

import (
	"go/ast"
	"reflect"
	"strconv"
	"strings"
)

// The struct tag keys hplugin reads, besides json and yaml (hgctl's set).
var constraintTags = []string{"required", "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems", "pattern"}

// fields lists a struct's properties in declaration order. Embedded structs are flattened as
// encoding/json does: the shallower field wins a name clash; a clash at the same depth keeps the
// first and warns (encoding/json would drop both, which is never what the author meant).
func (w *walker) structFields(st *ast.StructType, file *sourceFile) []*Field {
	outer := w.cur
	defer func() { w.cur = outer }()
	w.cur = w.policies[st]
	if w.cur == nil && w.policies[w.root] != nil {
		// A struct nested in a config read with gjson, with no reader of its own: its untagged
		// fields are filled by code hplugin cannot follow (e.g. a composite literal of item.Get).
		w.cur = &keyPolicy{report: w.policies[w.root].report, untraced: true}
	}
	fields := w.fields(st, file)
	if w.cur != nil {
		fields = w.cur.addExtraKeys(fields)
	}
	return fields
}

func (w *walker) fields(st *ast.StructType, file *sourceFile) []*Field {
	type entry struct {
		f     *Field
		depth int
	}
	var out []entry
	for _, f := range st.Fields.List {
		tag := ""
		if f.Tag != nil {
			tag, _ = strconv.Unquote(f.Tag.Value)
		}
		doc := docLines(file.pkg.fset, f.Doc)
		at := file.pkg.pos(file, f.Pos())
		if len(f.Names) == 0 {
			for _, p := range w.embedded(f, tag, doc, file, at) {
				out = append(out, entry{p.f, p.depth})
			}
			continue
		}
		for _, id := range f.Names {
			if id.Name == "_" {
				continue
			}
			if fd := w.field(id.Name, id.IsExported(), tag, doc, f.Type, file, file.pkg.pos(file, id.Pos())); fd != nil {
				out = append(out, entry{fd, 0})
			}
		}
	}
	// Resolve name clashes.
	byName := map[string]int{}
	var result []*Field
	for _, e := range out {
		if i, ok := byName[e.f.Name]; ok {
			kept := result[i]
			if e.depth == 0 && kept.EmbeddedFrom != "" {
				result[i] = e.f
			} else if e.depth > 0 && kept.EmbeddedFrom == "" {
				// the outer field shadows the promoted one, silently, as in Go
			} else {
				w.warn("SPEC_DUPLICATE_PROPERTY", e.f.Pos, "Property %q is declared twice, by %s (%s:%d) and %s (%s:%d); the first one is kept.",
					e.f.Name, qualified(kept), kept.File, kept.Line, qualified(e.f), e.f.File, e.f.Line)
			}
			continue
		}
		byName[e.f.Name] = len(result)
		result = append(result, e.f)
	}
	return result
}

func qualified(f *Field) string {
	if f.EmbeddedFrom == "" {
		return f.GoName
	}
	return f.EmbeddedFrom + "." + f.GoName
}

type promoted struct {
	f     *Field
	depth int
}

func (w *walker) embedded(f *ast.Field, tag string, doc []Line, file *sourceFile, at Pos) []promoted {
	typeName := exprString(f.Type)
	base := strings.TrimPrefix(typeName, "*")
	if i := strings.LastIndex(base, "."); i >= 0 {
		base = base[i+1:]
	}
	// A json name on an embedded struct makes it a nested property, as in encoding/json.
	if name, _ := tagName(tag); name != "" {
		fd := w.field(base, true, tag, doc, f.Type, file, at)
		if fd == nil {
			return nil
		}
		return []promoted{{fd, 0}}
	}
	n := w.node(f.Type, file, at)
	if n.Kind != "object" || n.Recursive {
		if n.Kind == "unknown" {
			return nil // already warned
		}
		w.warn("SPEC_EMBEDDED_UNSUPPORTED", at, "Embedded field %s is not a struct; give it a name and a json tag to describe it.", typeName)
		return nil
	}
	var out []promoted
	for _, sub := range n.Fields {
		cp := *sub
		if cp.EmbeddedFrom == "" {
			cp.EmbeddedFrom = base
		} else {
			cp.EmbeddedFrom = base + "." + cp.EmbeddedFrom
		}
		out = append(out, promoted{&cp, 1 + strings.Count(cp.EmbeddedFrom, ".")})
	}
	return out
}

// field describes one named field, or returns nil when it is not part of the config:
// a field is included when it is exported, or carries a json/yaml/constraint tag, or an
// @annotation (hgctl's own template documents unexported fields that way).
func (w *walker) field(goName string, exported bool, tag string, doc []Line, typ ast.Expr, file *sourceFile, at Pos) *Field {
	st := reflect.StructTag(tag)
	jsonName, jsonSet := tagName(tag)
	if jsonName == "-" {
		return nil
	}
	tags := map[string]string{}
	for _, k := range append([]string{"json", "yaml"}, constraintTags...) {
		if v, ok := st.Lookup(k); ok {
			tags[k] = v
		}
	}
	_, traced := w.cur.keyOf(goName)
	if !exported && len(tags) == 0 && !hasAnnotation(doc) && !traced {
		return nil
	}
	switch typ.(type) {
	case *ast.FuncType, *ast.ChanType:
		if exported || len(tags) > 0 {
			w.warn("SPEC_TYPE_UNSUPPORTED", at, "Field %s is a %s, which has no JSON form; it is left out of the schema.", goName, exprString(typ))
		}
		return nil
	}
	name := goName
	if jsonSet && jsonName != "" {
		name = jsonName
	}
	tagged := jsonSet && jsonName != ""
	if y, ok := tags["yaml"]; ok {
		yName := strings.Split(y, ",")[0]
		if yName == "-" && !jsonSet {
			return nil
		}
		if yName != "" && yName != "-" {
			if jsonSet && jsonName != "" && jsonName != yName {
				w.warn("SPEC_TAG_CONFLICT", at, "Field %s has json name %q and yaml name %q; the json name is used (Higress passes the config as JSON).", goName, jsonName, yName)
			} else if !jsonSet || jsonName == "" {
				name = yName
			}
			tagged = true
		}
	}
	if w.cur != nil && !tagged {
		// Read with gjson: an untagged field is named by the key traced to it, or left out.
		key, traced := w.cur.keyOf(goName)
		if !traced {
			if exported || hasAnnotation(doc) {
				w.cur.unknownField(w, goName, at)
			}
			return nil
		}
		name = key
		mark := len(w.warnings)
		node := w.node(typ, file, at)
		if kind := w.cur.kinds[key]; kind != "" && hasUnknown(node) {
			w.warnings = w.warnings[:mark]
			node = kindNode(kind)
		}
		return &Field{GoName: goName, Name: name, Pos: at, Exported: exported, Doc: doc, Tag: tag, Tags: tags, Type: node}
	}
	return &Field{GoName: goName, Name: name, OmitEmpty: hasOption(tags["json"], "omitempty") || hasOption(tags["yaml"], "omitempty"),
		Pos: at, Exported: exported, Doc: doc, Tag: tag, Tags: tags, Type: w.node(typ, file, at)}
}

// tagName is the json tag's name part; set reports whether a json tag exists at all.
func tagName(tag string) (name string, set bool) {
	v, ok := reflect.StructTag(tag).Lookup("json")
	if !ok {
		return "", false
	}
	return strings.Split(v, ",")[0], true
}

func hasOption(tagValue, option string) bool {
	parts := strings.Split(tagValue, ",")
	for _, p := range parts[1:] {
		if p == option {
			return true
		}
	}
	return false
}

func hasAnnotation(doc []Line) bool {
	for _, l := range doc {
		if strings.HasPrefix(strings.TrimSpace(l.Text), "@") {
			return true
		}
	}
	return false
}
