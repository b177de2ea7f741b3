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
	for _, f := range funcs {
		if f.Complexity > maxComplexity {
			t.Errorf("%s: %s has a cyclomatic complexity of %d, over %d: split it", f.Pos, f.Name, f.Complexity, maxComplexity)
		}
	}
}
