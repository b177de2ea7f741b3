// Package complexity counts the cyclomatic complexity of Go functions, as
// gocyclo does: one, plus one for each if, for, range, non-default case of
// a switch or select, and each && and ||. A test of this module walks
// generator/ with it, so that the bound on a function's complexity needs no
// tool beyond the go command.
package complexity

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
)

// Func is a function and its complexity.
type Func struct {
	Pos        token.Position // where its declaration starts
	Name       string         // its name, with its receiver's type: (*T).M
	Complexity int
}

// Of returns the complexity of the body of fn; a function literal inside
// it counts towards it, as gocyclo counts it.
func Of(fn *ast.FuncDecl) int {
	n := 1
	ast.Inspect(fn, func(node ast.Node) bool {
		switch x := node.(type) {
		case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt:
			n++
		case *ast.CaseClause:
			if x.List != nil {
				n++
			}
		case *ast.CommClause:
			if x.Comm != nil {
				n++
			}
		case *ast.BinaryExpr:
			if x.Op == token.LAND || x.Op == token.LOR {
				n++
			}
		}
		return true
	})
	return n
}

// Dir returns every function declared in the Go files under root that are
// not tests (_test.go), with its complexity, in the order of the files'
// paths and then of the declarations.
func Dir(root string) ([]Func, error) {
	fset := token.NewFileSet()
	var funcs []Func
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Body != nil {
				funcs = append(funcs, Func{fset.Position(fn.Pos()), name(fn), Of(fn)})
			}
		}
		return nil
	})
	return funcs, err
}

// name is fn's name, with its receiver's type before it when it is a
// method.
func name(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return fn.Name.Name
	}
	t := fn.Recv.List[0].Type
	star := ""
	if s, ok := t.(*ast.StarExpr); ok {
		star, t = "*", s.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return "(" + star + id.Name + ")." + fn.Name.Name
	}
	return fn.Name.Name
}
