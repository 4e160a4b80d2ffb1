/*
 * The command line, read one way by every filter: strict numbers (all of
 * the argument, digits only: "2024x", "1x", "-3" and "" refused), the
 * usage on stderr with exit 2 for a bad option, on stdout with exit 0 for
 * -h/--help, and the file operands. A bad argument is trouble: the
 * functions here that take an option's argument report it naming the
 * option and exit 2, as getopt does for an unknown option.
 * --max-errors is read by diag_cap_parse (lib/diag.h), which is opt_count.
 */
#ifndef MIPEXR_OPT_H
#define MIPEXR_OPT_H

/* diag_init(argv0), and keeps synopsis (not copied: a static string) for
 * opt_usage and opt_help. The first call of every filter. */
void opt_init(char *argv0, const char *synopsis);

/* "usage: prog synopsis" on stderr, one line per '\n' of it, and exit 2. */
_Noreturn void opt_usage(void);

/* The same usage on stdout and exit 0 (2 when stdout cannot be written). */
_Noreturn void opt_help(void);

/* Reads a count, 0 to max: all of arg decimal digits. Returns 0 and *out, or
 * -1 (reports nothing): for a caller that words its own message. */
int opt_parse_count(const char *arg, unsigned long max, unsigned long *out);

/* opt_parse_count, or exits 2: "OPTION takes a count, not "ARG"" (max
 * ULONG_MAX), "OPTION takes 0 to MAX, not "ARG"" (another max). */
unsigned long opt_count(const char *arg, const char *option, unsigned long max);

/* The decimals of the numbers a filter writes (-p/--decimals), 0 to 15,
 * or exits 2. */
int opt_decimals(const char *arg, const char *option);

/* A NUTS version (--nuts), one of nuts_versions written in four digits, or
 * exits 2. */
int opt_nuts(const char *arg, const char *option);

/*
 * The file operands, after getopt_long: argv from optind on, *argc set to
 * their number; none is stdin alone ({ "-", NULL }). More than max (max > 0)
 * is opt_usage; stdin ("-") named twice exits 2. Returns argv + optind or a
 * static array: nothing to free.
 */
char **opt_files(int *argc, char **argv, int max);

#endif
