#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "nuts.h"
#include "opt.h"

static const char *synopsis = "[file ...]";

void
opt_init(char *argv0, const char *text)
{
	diag_init(argv0);
	synopsis = text;
}

/* The usage, "usage: prog LINE" then "       prog LINE" for each further line. */
static void
put_usage(FILE *f)
{
	const char *p = synopsis, *nl;
	int first = 1;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		fprintf(f, "%s %s %.*s\n", first ? "usage:" : "      ", diag_prog, (int)(nl - p), p);
		first = 0;
		p = *nl == '\n' ? nl + 1 : nl;
	}
}

void
opt_usage(void)
{
	put_usage(stderr);
	exit(EXIT_TROUBLE);
}

void
opt_help(void)
{
	put_usage(stdout);
	if (fflush(stdout) != 0 || ferror(stdout))
		diag_die_errno(EXIT_TROUBLE, "stdout");
	exit(0);
}

int
opt_parse_count(const char *arg, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long n;

	if (*arg < '0' || *arg > '9')
		return -1;	/* strtoul would take a sign or spaces */
	errno = 0;
	n = strtoul(arg, &end, 10);
	if (*end != '\0' || errno != 0 || n > max)
		return -1;
	*out = n;
	return 0;
}

unsigned long
opt_count(const char *arg, const char *option, unsigned long max)
{
	unsigned long n;

	if (opt_parse_count(arg, max, &n) == 0)
		return n;
	if (max == ULONG_MAX)
		diag_die(EXIT_TROUBLE, "%s takes a count, not \"%s\"", option, arg);
	diag_die(EXIT_TROUBLE, "%s takes 0 to %lu, not \"%s\"", option, max, arg);
}

int
opt_decimals(const char *arg, const char *option)
{
	unsigned long n;

	if (opt_parse_count(arg, 15, &n) != 0)
		diag_die(EXIT_TROUBLE, "%s takes 0 to 15 decimals, not \"%s\"", option, arg);
	return (int)n;
}

int
opt_nuts(const char *arg, const char *option)
{
	char list[64];
	size_t i, len = 0;
	int k;

	if ((k = nuts_version_index(arg)) >= 0)
		return nuts_versions[k];
	for (i = 0; i < NUTS_VERSIONS; i++)
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%d",
		    i == 0 ? "" : i + 1 == NUTS_VERSIONS ? " or " : ", ", nuts_versions[i]);
	diag_die(EXIT_TROUBLE, "%s takes a NUTS version (%s), not \"%s\"", option, list, arg);
}

char **
opt_files(int *argc, char **argv, int max)
{
	static char *stdin_only[] = { "-", NULL };
	int i, stdin_named = 0;

	*argc -= optind;
	argv += optind;
	if (max > 0 && *argc > max)
		opt_usage();
	for (i = 0; i < *argc; i++)
		if (strcmp(argv[i], "-") == 0 && stdin_named++)
			diag_die(EXIT_TROUBLE, "stdin named twice");
	if (*argc == 0) {
		*argc = 1;
		return stdin_only;
	}
	return argv;
}
