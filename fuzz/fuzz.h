/* Shared by the libFuzzer harnesses: the input as a file that lib/ can open. */
#ifndef MIPEXR_FUZZ_H
#define MIPEXR_FUZZ_H

#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

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

#endif
