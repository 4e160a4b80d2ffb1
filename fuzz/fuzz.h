/* Shared by the libFuzzer harnesses: the input as a file that lib/ can open. */
#ifndef MIPEXR_FUZZ_H
#define MIPEXR_FUZZ_H

#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "import.h"
#include "tsv.h"

/* Writes data into a fresh memory file; returns its /proc path in path. */
static inline int
fuzz_file(const uint8_t *data, size_t size, char *path, size_t cap)
{
	int fd = memfd_create("fuzz", 0);

	if (fd == -1 || (size > 0 && write(fd, data, size) != (ssize_t)size))
		abort();
	snprintf(path, cap, "/proc/self/fd/%d", fd);
	return fd;
}

/* Writes an opened import's rows to /dev/null, its dimensions as read or
 * reversed, when it has at most max of them. */
static inline void
fuzz_import_write(struct import *in, int reverse, size_t max)
{
	struct tsv_writer out;
	size_t dimpos[4096], i, n = import_ndims(in);
	int devnull;

	if (n > max || n > sizeof dimpos / sizeof dimpos[0])
		return;
	for (i = 0; i < n; i++)
		dimpos[i] = reverse ? n - 1 - i : i;	/* any permutation will do */
	if ((devnull = open("/dev/null", O_WRONLY)) == -1)
		abort();
	tsv_writer_fdopen(&out, devnull, "/dev/null");
	out.owns_fd = 1;
	import_write(in, &out, dimpos, n);
	tsv_writer_close(&out);
}

#endif
