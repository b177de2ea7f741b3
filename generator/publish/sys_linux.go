// The few file system calls that differ by system: an atomic exchange of
// two folders, a flush of a whole tree, opening a file, and locking a
// folder.

package publish

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// exchange swaps the folders a and b in one atomic step, so that a reader
// (or a crash) sees either the old site or the new one, never neither.
func exchange(a, b string) error {
	if err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE); err != nil {
		return &os.LinkError{Op: "exchange", Old: a, New: b, Err: err}
	}
	return nil
}

// flushEarly starts syncTree in the background (Staging.FlushEarly).
func flushEarly(dir string) { go syncTree(dir) }

// syncTree flushes the files under dir to disk before the swap, so that a
// crash just after it cannot leave a published site of empty files. One
// syncfs(2) of the file system costs less than an fsync per file.
func syncTree(dir string) error {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return &os.PathError{Op: "open", Path: dir, Err: err}
	}
	defer unix.Close(fd)
	if err := unix.Syncfs(fd); err != nil {
		return &os.PathError{Op: "syncfs", Path: dir, Err: err}
	}
	return nil
}

// noFollow and nonBlock make openRegular refuse a symlink and not wait on
// a FIFO.
const noFollow = unix.O_NOFOLLOW | unix.O_NONBLOCK

// openFile opens a file like os.OpenFile, without trying to add it to the
// network poller: os.OpenFile spends an epoll_ctl(2) and fcntl(2) calls on
// every regular file to find out it cannot be polled (strace -c: 330 of
// the 2,060 system calls of the 70-pilot build).
func openFile(path string, flag int, perm uint32) (*os.File, error) {
	fd, err := unix.Open(path, flag|unix.O_CLOEXEC, perm)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	return os.NewFile(uintptr(fd), path), nil
}

// lockDir takes an exclusive advisory lock (flock(2)) on the folder dir,
// held until unlock is called or the process ends, so a killed build
// releases it. A folder locked by a running build is neither reused nor
// removed by another build beside it: lockDir reports false only when
// another process holds the lock. Where the folder cannot be locked at
// all (a file system without flock), it goes on unlocked.
func lockDir(dir string) (unlock func(), ok bool) {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return func() {}, true
	}
	if err := unix.Flock(fd, unix.LOCK_EX|unix.LOCK_NB); err != nil {
		unix.Close(fd)
		return func() {}, !errors.Is(err, unix.EWOULDBLOCK)
	}
	return func() { unix.Close(fd) }, true
}

// lockFile takes an exclusive lock (flock(2)) on the file at path, made if
// need be, waiting for another process's lock when wait is set, and
// otherwise failing with ErrBusy. A killed build releases it. The open
// neither follows a symlink nor waits on a FIFO, and anything but a regular
// file there is refused before it is locked. unlock lets go of the lock;
// unlock(true) also removes the file when this call made it, so that a
// refused build leaves nothing behind. A lock file removed or replaced
// while a build waited for it is opened again: removing one never lets two
// builds hold two different files.
func lockFile(path string, wait bool) (unlock func(remove bool), err error) {
	for {
		unlock, again, err := lockOnce(path, wait)
		if !again {
			return unlock, err
		}
	}
}

// lockOnce is one try of lockFile; again is true when the file at path
// changed under it.
func lockOnce(path string, wait bool) (unlock func(remove bool), again bool, err error) {
	const flags = unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NOFOLLOW | unix.O_NONBLOCK
	made := true
	fd, err := unix.Open(path, flags|unix.O_CREAT|unix.O_EXCL, 0o644)
	if errors.Is(err, unix.EEXIST) {
		made = false
		fd, err = unix.Open(path, flags, 0)
		if errors.Is(err, unix.ENOENT) {
			return nil, true, nil // removed meanwhile
		}
	}
	if err != nil {
		return nil, false, &os.PathError{Op: "lock", Path: path, Err: err}
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		unix.Close(fd)
		return nil, false, &os.PathError{Op: "lock", Path: path, Err: cmp.Or(err, errNotRegular)}
	}
	unlock = func(remove bool) {
		if remove && made {
			unix.Unlink(path) // while it is held, so no other build holds it
		}
		unix.Close(fd)
	}
	how := unix.LOCK_EX
	if !wait {
		how |= unix.LOCK_NB
	}
	for {
		err = unix.Flock(fd, how)
		if !errors.Is(err, unix.EINTR) {
			break
		}
	}
	switch {
	case errors.Is(err, unix.EWOULDBLOCK):
		unix.Close(fd)
		return nil, false, fmt.Errorf("%w (%s is locked)", ErrBusy, path)
	case errors.Is(err, unix.ENOLCK), errors.Is(err, unix.ENOTSUP), errors.Is(err, unix.EOPNOTSUPP):
		return unlock, false, nil // a file system without locks: go on unlocked
	case err != nil:
		unix.Close(fd)
		return nil, false, &os.PathError{Op: "lock", Path: path, Err: err}
	}
	var now unix.Stat_t
	if err := unix.Stat(path, &now); err != nil || now.Dev != st.Dev || now.Ino != st.Ino {
		unix.Close(fd) // removed by the build that held it: lock the new one
		return nil, true, nil
	}
	return unlock, false, nil
}

// keepGroup gives dir the group of the folder like describes. A group the
// user may not give (one they are not a member of) is left as it was.
func keepGroup(dir string, like os.FileInfo) error {
	st, ok := like.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	if err := os.Lchown(dir, -1, int(st.Gid)); err != nil && !errors.Is(err, syscall.EPERM) {
		return err
	}
	return nil
}

// sameDevice reports whether two files are on one file system.
func sameDevice(a, b os.FileInfo) bool {
	sa, ok1 := a.Sys().(*syscall.Stat_t)
	sb, ok2 := b.Sys().(*syscall.Stat_t)
	return !ok1 || !ok2 || sa.Dev == sb.Dev
}
