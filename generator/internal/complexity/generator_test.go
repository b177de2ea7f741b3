package complexity

import "testing"

// maxComplexity is the most a function of generator/ may have.
const maxComplexity = 25

// TestGenerator checks that no function of generator/, tests aside,
// exceeds maxComplexity.
func TestGenerator(t *testing.T) {
	funcs, err := Dir("../..")
	if err != nil {
		t.Fatal(err)
	}
	if len(funcs) < 500 {
		t.Fatalf("%d functions found in generator/: the walk missed its packages", len(funcs))
	}
	for _, f := range funcs {
		if f.Complexity > maxComplexity {
			t.Errorf("%s: %s has a cyclomatic complexity of %d, over %d: split it", f.Pos, f.Name, f.Complexity, maxComplexity)
		}
	}
}
