package publish

import "syscall"

// The hooks by which tests make the file system fail where it seldom
// does. Each returns the function that undoes it.

// failCreate calls fail before each file a Staging writes; an error it
// returns fails the write there, as a full disk would.
func failCreate(fail func(rel string) error) (restore func()) {
	createHook = fail
	return func() { createHook = nil }
}

// failUnlink makes every removal of a file fail with err.
func failUnlink(err error) (restore func()) {
	unlink = func(string) error { return err }
	return func() { unlink = syscall.Unlink }
}
