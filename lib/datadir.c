#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "datadir.h"
#include "diag.h"

#ifndef MIPEXR_SRCDATA
#define MIPEXR_SRCDATA "data"
#endif

static char *
join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = xmalloc(n);

	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

char *
data_path(const char *name)
{
	const char *env = getenv("MIPEXR_DATA");
	char exe[PATH_MAX], *slash, *p;
	ssize_t n;

	if (env != NULL && *env != '\0')
		return join(env, name);
	n = readlink("/proc/self/exe", exe, sizeof exe - 32);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			strcpy(slash, "/../share/mipexr");
			p = join(exe, name);
			if (access(p, R_OK) == 0)
				return p;
			free(p);
		}
	}
	return join(MIPEXR_SRCDATA, name);
}
