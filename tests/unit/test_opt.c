/* Unit tests of lib/opt: strict numbers and their ranges, the usage on
 * stdout for --help, the file operands. What exits is run in a child, its
 * stdout and stderr caught in files. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "nuts.h"
#include "opt.h"
#include "unit.h"

static const char synopsis[] = "[-hv] [-p DECIMALS]\n[--max-errors N] [file ...]";

enum what { COUNT3, COUNT, DECIMALS, NUTS, HELP, USAGE, FILES0, FILES1 };

/* Runs one call in a child: its exit status, and its stdout and stderr in out and err. */
static int
child(enum what w, const char *arg, char *out, char *err, size_t cap)
{
	char opath[] = "/tmp/test_opt.XXXXXX", epath[] = "/tmp/test_opt.XXXXXX";
	int ofd = mkstemp(opath), efd = mkstemp(epath), status = -1;
	char *files[] = { "prog", "-", "-", NULL };
	int argc = 3;
	ssize_t n;
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		dup2(ofd, 1);
		dup2(efd, 2);
		switch (w) {
		case COUNT3: printf("%lu\n", opt_count(arg, "--level", 3)); break;
		case COUNT: printf("%lu\n", diag_cap_parse(arg, "--max-errors")); break;
		case DECIMALS: printf("%d\n", opt_decimals(arg, "-p")); break;
		case NUTS: printf("%d\n", opt_nuts(arg, "--nuts")); break;
		case HELP: opt_help();
		case USAGE: opt_usage();
		case FILES0:
		case FILES1:
			optind = 1;
			files[2] = (char *)arg;
			argc = arg != NULL ? 3 : 2;
			opt_files(&argc, files, w == FILES1);
			break;
		}
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	n = pread(ofd, out, cap - 1, 0);
	out[n > 0 ? n : 0] = '\0';
	n = pread(efd, err, cap - 1, 0);
	err[n > 0 ? n : 0] = '\0';
	close(ofd);
	close(efd);
	unlink(opath);
	unlink(epath);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void
test_parse_count(void)
{
	unsigned long n = 99;

	CHECK(opt_parse_count("0", 3, &n) == 0 && n == 0);
	CHECK(opt_parse_count("3", 3, &n) == 0 && n == 3);
	CHECK(opt_parse_count("007", 15, &n) == 0 && n == 7);
	n = 99;
	CHECK(opt_parse_count("4", 3, &n) == -1 && n == 99);	/* out of range: *out untouched */
	CHECK(opt_parse_count("1x", 15, &n) == -1);
	CHECK(opt_parse_count("", 15, &n) == -1);
	CHECK(opt_parse_count("-3", ULONG_MAX, &n) == -1);	/* strtoul would take it, as a huge count */
	CHECK(opt_parse_count("+3", ULONG_MAX, &n) == -1);
	CHECK(opt_parse_count(" 3", ULONG_MAX, &n) == -1);
	CHECK(opt_parse_count("3 ", ULONG_MAX, &n) == -1);
	CHECK(opt_parse_count("0x10", ULONG_MAX, &n) == -1);
	CHECK(opt_parse_count("99999999999999999999999", ULONG_MAX, &n) == -1);	/* ERANGE */
	CHECK(nuts_version_index("2024") == NUTS_VERSIONS - 1);
	CHECK(nuts_version_index("2010") == 0);
	CHECK(nuts_version_index("2024x") == -1);
	CHECK(nuts_version_index("02024") == -1);
	CHECK(nuts_version_index("2020") == -1);
	CHECK(nuts_version_index("") == -1);
}

/* Each parser: the number on stdout and exit 0, or its message and exit 2. */
static void
test_exits(void)
{
	char out[1024], err[1024];

	CHECK(child(COUNT3, "2", out, err, sizeof out) == 0);
	CHECK_STR(out, "2\n");
	CHECK(child(COUNT3, "4", out, err, sizeof out) == 2 && out[0] == '\0');
	CHECK_STR(err, "test_opt: --level takes 0 to 3, not \"4\"\n");
	CHECK(child(COUNT, "20", out, err, sizeof out) == 0);
	CHECK_STR(out, "20\n");
	CHECK(child(COUNT, "-3", out, err, sizeof out) == 2);
	CHECK_STR(err, "test_opt: --max-errors takes a count, not \"-3\"\n");
	CHECK(child(DECIMALS, "15", out, err, sizeof out) == 0);
	CHECK_STR(out, "15\n");
	CHECK(child(DECIMALS, "1x", out, err, sizeof out) == 2);
	CHECK_STR(err, "test_opt: -p takes 0 to 15 decimals, not \"1x\"\n");
	CHECK(child(DECIMALS, "16", out, err, sizeof out) == 2);
	CHECK(child(NUTS, "2021", out, err, sizeof out) == 0);
	CHECK_STR(out, "2021\n");
	CHECK(child(NUTS, "2024x", out, err, sizeof out) == 2);
	CHECK_STR(err, "test_opt: --nuts takes a NUTS version (2010, 2013, 2016, 2021 or 2024), not \"2024x\"\n");
}

static void
test_usage(void)
{
	static const char want[] = "usage: test_opt [-hv] [-p DECIMALS]\n"
	    "       test_opt [--max-errors N] [file ...]\n";
	char out[1024], err[1024];

	CHECK(child(HELP, NULL, out, err, sizeof out) == 0);
	CHECK_STR(out, want);
	CHECK_STR(err, "");
	CHECK(child(USAGE, NULL, out, err, sizeof out) == 2);
	CHECK_STR(out, "");
	CHECK_STR(err, want);
	/* two operands where one is taken: the usage; stdin named twice */
	CHECK(child(FILES1, "x.tsv", out, err, sizeof out) == 2);
	CHECK_STR(err, want);
	CHECK(child(FILES1, NULL, out, err, sizeof out) == 0);	/* "-" alone */
	CHECK(child(FILES0, "x.tsv", out, err, sizeof out) == 0);
	CHECK(child(FILES0, "-", out, err, sizeof out) == 2);
	CHECK_STR(err, "test_opt: stdin named twice\n");
}

static void
test_files(void)
{
	char *none[] = { "prog", "-v", NULL }, *two[] = { "prog", "a.tsv", "b.tsv", NULL }, **f;
	int argc;

	optind = 2, argc = 2;
	f = opt_files(&argc, none, 0);
	CHECK(argc == 1 && strcmp(f[0], "-") == 0 && f[1] == NULL);
	optind = 1, argc = 3;
	f = opt_files(&argc, two, 0);
	CHECK(argc == 2 && f == two + 1);
	optind = 1, argc = 3;
	f = opt_files(&argc, two, 2);
	CHECK(argc == 2 && strcmp(f[1], "b.tsv") == 0);
}

int
main(int argc, char **argv)
{
	(void)argc;
	opt_init(argv[0], synopsis);
	test_parse_count();
	test_exits();
	test_usage();
	test_files();
	return unit_done("test_opt");
}
