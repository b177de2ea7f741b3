package complexity

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"
)

// TestOf counts the decision points of small functions, as gocyclo does.
func TestOf(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want int
	}{
		{"func f() {}", 1},
		{"func f(a, b bool) { if a && b || a {} }", 4},
		{"func f(xs []int) { for range xs {}; for i := 0; i < 2; i++ {} }", 3},
		{"func f(x int) { switch x { case 1, 2: case 3: default: } }", 3},
		{"func f(c chan int) { select { case <-c: default: } }", 2},
		{"func f() { g := func(a bool) { if a {} }; g(true) }", 2},
	} {
		f, err := parser.ParseFile(token.NewFileSet(), "x.go", "package x\n"+tc.src, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := Of(f.Decls[0].(*ast.FuncDecl)); got != tc.want {
			t.Errorf("%s: complexity %d, want %d", tc.src, got, tc.want)
		}
	}
}
