package site

import (
	"fmt"
	"html/template"
	"text/template/parse"
)

// maxLoop is the most times the ranges over integer literals of a template
// may run, nested ones multiplied. {{range 1000000000000}} with nothing in
// it runs for hours and writes nothing, so maxPage cannot stop it; no page
// needs a literal loop of more than a few.
const maxLoop = 1_000_000

// checkLoops refuses a template whose ranges over integer literals would
// run more than maxLoop times, naming the template, line and column.
func checkLoops(t *template.Template) error {
	for _, tt := range t.Templates() {
		if tt.Tree != nil {
			if err := loops(tt.Tree, tt.Tree.Root, 1); err != nil {
				return err
			}
		}
	}
	return nil
}

// loops walks n, which runs times times, into its branches.
func loops(tree *parse.Tree, n parse.Node, times int64) error {
	var branches []*parse.ListNode
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				if err := loops(tree, c, times); err != nil {
					return err
				}
			}
		}
		return nil
	case *parse.RangeNode:
		if k, ok := literal(n.Pipe); ok {
			if k > maxLoop/times {
				at, _ := tree.ErrorContext(n)
				return fmt.Errorf("%s: a range over %d (within the ranges around it) runs more than %d times", at, k, maxLoop)
			}
			if err := loops(tree, n.List, times*max(k, 1)); err != nil {
				return err
			}
			return loops(tree, n.ElseList, times)
		}
		branches = []*parse.ListNode{n.List, n.ElseList}
	case *parse.IfNode:
		branches = []*parse.ListNode{n.List, n.ElseList}
	case *parse.WithNode:
		branches = []*parse.ListNode{n.List, n.ElseList}
	}
	for _, b := range branches {
		if b != nil {
			if err := loops(tree, b, times); err != nil {
				return err
			}
		}
	}
	return nil
}

// literal is the integer a pipeline is, when it is one literal.
func literal(p *parse.PipeNode) (int64, bool) {
	if p == nil || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return 0, false
	}
	num, ok := p.Cmds[0].Args[0].(*parse.NumberNode)
	if !ok || !num.IsInt {
		return 0, false
	}
	return num.Int64, true
}
