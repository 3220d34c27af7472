package main

// The JSON this program prints. It describes the Go source only: which struct is the plugin
// config and what its fields look like. Annotation semantics (@Title, @Example, …), validation
// and the spec.yaml shape live in TypeScript, so they can be tested without Go.

// Line is one line of a doc comment, with the comment markers removed.
type Line struct {
	Line int    `json:"line"`
	Text string `json:"text"`
}

// Pos names a place in the source, relative to the scanned folder.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
}

// Node is a Go type mapped to the JSON value it decodes from.
type Node struct {
	// string | integer | number | boolean | array | map | object | any | unknown
	Kind   string `json:"kind"`
	GoType string `json:"goType"`
	// A hint for the schema: "date-time" for time.Time, "byte" for []byte, "duration" for time.Duration.
	Format string `json:"format,omitempty"`
	Items  *Node  `json:"items,omitempty"`
	Values *Node  `json:"values,omitempty"`
	// Fields of an object, in declaration order, embedded structs already flattened.
	Fields []*Field `json:"fields,omitempty"`
	// The struct refers to itself; its fields are described once, higher up.
	Recursive bool `json:"recursive,omitempty"`
}

// Field is one property of an object.
type Field struct {
	GoName string `json:"goName"`
	// The JSON property name: the json tag's name, else the yaml tag's, else the Go name.
	Name      string `json:"name"`
	OmitEmpty bool   `json:"omitEmpty,omitempty"`
	Pos
	Exported bool   `json:"exported"`
	Doc      []Line `json:"doc"`
	// The raw struct tag, and the keys hplugin reads from it (absent keys are left out).
	Tag  string            `json:"tag,omitempty"`
	Tags map[string]string `json:"tags,omitempty"`
	// Set when the field was promoted from an embedded struct.
	EmbeddedFrom string `json:"embeddedFrom,omitempty"`
	Type         *Node  `json:"type"`
}

// Diagnostic is a warning or the fatal error, always with a place when there is one.
type Diagnostic struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
}

// ConfigType is the struct chosen as the plugin config, and why.
type ConfigType struct {
	Name string `json:"name"`
	Pos
	// "annotation": its doc comment carries @Name/@Category; "parse-config": it is the config
	// parameter of the function given to wrapper.ParseConfig…; "generic": wrapper.SetCtx[T].
	Reason string `json:"reason"`
	// The plugin annotations: the struct's doc comment, or a detached block (see find.go).
	Doc []Line `json:"doc"`
	// The file Doc's lines are in (it differs from File when a detached block is used).
	DocFile string `json:"docFile"`
	decl    *typeDecl
}

// Output is the whole answer.
type Output struct {
	GoVersion string      `json:"goVersion"`
	Package   string      `json:"package"`
	Files     []string    `json:"files"`
	Config    *ConfigType `json:"config,omitempty"`
	Root      *Node       `json:"root,omitempty"`
	// How the config's property names are known (see keys.go).
	Keys     *KeyReport   `json:"keys,omitempty"`
	Warnings []Diagnostic `json:"warnings"`
	Error    *Diagnostic  `json:"error,omitempty"`
}
