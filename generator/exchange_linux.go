package generator

import "golang.org/x/sys/unix"

// exchange swaps the folders a and b in one atomic step, so that a reader
// (or a crash) sees either the old site or the new one, never neither.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}

// syncTree flushes the files under dir to disk before the swap, so that a
// crash just after it cannot leave a published site of empty files. One
// syncfs(2) of the file system costs less than an fsync per file.
func syncTree(dir string) error {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	return unix.Syncfs(fd)
}
