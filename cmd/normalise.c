/*
 * mipexr-normalise: Eurostat TSV (old, current, transposed), SDMX-CSV 1.0 and
 * 2.0, and a region's own CSV or TSV (long or wide) to obs TSV (SPEC §4):
 * one observation per line, flags split from values, numbers in C form.
 * The readers are lib/import.c; this is the command line and the union of
 * the inputs' dimensions.
 */
#include <ctype.h>
#include <stdio.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "import.h"
#include "labels.h"
#include "opt.h"
#include "schema.h"
#include "tsv.h"

static const char usage_text[] =
	"[-hv] [--source ID] [--encoding NAME] [--decimal-comma] [--thousands C]\n"
	"[-d DELIM] [--geo COL [--time COL | --period P] --value COL [--flag COL] | --wide --geo COL]\n"
	"[--table [--geo COL] [--time COL]]\n"
	"[--sheet NAME|N] [--header-row N] [--dim DIM=COL ...] [--map FILE]\n"
	"[--origin] [--max-errors N] [file ...]";

/* The output header: source, the union of dimensions, time, value, flag. */
static char **udims;
static size_t nudims, udimcap;

static size_t
union_dim(const char *name)
{
	size_t i;

	for (i = 0; i < nudims; i++)
		if (strcmp(udims[i], name) == 0)
			return i;
	udims = xgrow(udims, &udimcap, nudims + 1, sizeof *udims);
	udims[nudims] = xstrdup(name);
	return nudims++;
}

static int
parse_char_option(const char *arg, const char *name)
{
	if (strcmp(arg, "\\t") == 0 || strcmp(arg, "tab") == 0)
		return '\t';
	if (strcmp(arg, "space") == 0)
		return ' ';
	if (strcmp(arg, "apostrophe") == 0)
		return '\'';
	if (strlen(arg) != 1)
		diag_die(EXIT_TROUBLE, "%s takes one character, not \"%s\"", name, arg);
	return (unsigned char)arg[0];
}

static void
report(const char *path, const struct import *in)
{
	const struct import_counts *c = import_counts(in);
	const char *source = import_source(in);

	char shape[160] = "";

	if (c->titles + c->notes + c->hidden > 0)
		snprintf(shape, sizeof shape, ", %lu title, %lu note and %lu hidden rows skipped",
		    c->titles, c->notes, c->hidden);
	diag_warn("%s: %s, %s; %lu %s read, %lu observations written, %lu blank rows skipped%s, %lu errors",
	    diag_name(path), import_variant_names[import_variant(in)],
	    source != NULL ? source : "source per row", c->rows,
	    import_variant(in) <= EUROSTAT_TSV_TRANSPOSED ? "series" : "rows",
	    c->written, c->skipped, shape, c->errors);
}

/* The columns of the roles, named by --geo and the others or by --dim or
 * --map, checked together: a bad combination exits 2. */
static void
check_roles(struct import_options *opt, const struct labels *labels)
{
	if (opt->table && (opt->wide || opt->value != NULL || opt->flag != NULL || opt->period != NULL ||
	    opt->source != NULL))
		diag_die(EXIT_TROUBLE, "--table writes the columns as they are: no --wide, --value, --flag, "
		    "--period or --source");
	if (opt->geo == NULL)
		opt->geo = labels_local(labels, "geo");
	if (!opt->wide && opt->geo != NULL && opt->time == NULL && opt->period == NULL)
		opt->time = labels_local(labels, "time");
	if (!opt->wide && !opt->table && opt->geo != NULL && opt->value == NULL)
		opt->value = labels_local(labels, "value");
	if (!opt->wide && !opt->table && opt->geo != NULL && opt->flag == NULL)
		opt->flag = labels_local(labels, "flag");
	if (opt->table && opt->geo == NULL)
		opt->geo = "geo";	/* the header is the row that names the geo column */
	if (opt->wide && (opt->time != NULL || opt->value != NULL || opt->flag != NULL || opt->period != NULL))
		opt_usage();
	if (opt->wide && opt->geo == NULL)
		diag_die(EXIT_TROUBLE, "--wide needs --geo COL");
	if (!opt->wide && !opt->table && (opt->geo != NULL || opt->time != NULL || opt->value != NULL ||
	    opt->flag != NULL || opt->period != NULL) &&
	    (opt->geo == NULL || opt->value == NULL || (opt->time == NULL) == (opt->period == NULL)))
		diag_die(EXIT_TROUBLE, "a long file needs --geo, --value, and one of --time or --period");
	if (opt->period != NULL && !schema_is_period(opt->period))
		diag_die(EXIT_TROUBLE, "--period \"%s\" is not a period (2021, 2021-Q3, 2021-05 …)", opt->period);
	if (opt->thousands != 0 && (isalnum(opt->thousands) || opt->thousands == '-' ||
	    !strchr(".,' ", opt->thousands) ||
	    (opt->thousands == ',' && opt->decimal_comma) || (opt->thousands == '.' && !opt->decimal_comma)))
		diag_die(EXIT_TROUBLE, "--thousands '%c' cannot be a thousands separator here", opt->thousands);
}

/* The output header: source, the union of the inputs' dimensions, time,
 * value, flag, and origin with --origin; with --table the columns alone. */
static void
put_header(struct tsv_writer *out, const struct import_options *opt)
{
	size_t j;

	if (!opt->table)
		tsv_put_str(out, "source");
	for (j = 0; j < nudims; j++)
		tsv_put_str(out, udims[j]);
	if (!opt->table) {
		tsv_put_str(out, "time");
		tsv_put_str(out, "value");
		tsv_put_str(out, "flag");
	}
	if (opt->origin)
		tsv_put_str(out, "origin");
	tsv_end_row(out);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "geo", required_argument, NULL, 'g' },
		{ "time", required_argument, NULL, 't' },
		{ "period", required_argument, NULL, 'P' },
		{ "value", required_argument, NULL, 'V' },
		{ "flag", required_argument, NULL, 'f' },
		{ "wide", no_argument, NULL, 'w' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "decimal-comma", no_argument, NULL, 'c' },
		{ "thousands", required_argument, NULL, 'T' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "origin", no_argument, NULL, 'o' },
		{ "max-errors", required_argument, NULL, 'm' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "sheet", required_argument, NULL, 'S' },
		{ "header-row", required_argument, NULL, 'H' },
		{ "dim", required_argument, NULL, 'D' },
		{ "map", required_argument, NULL, 'M' },
		{ "table", no_argument, NULL, 'X' },
		{ NULL, 0, NULL, 0 }
	};
	struct import_options opt = { .max_errors = 20 };
	struct import **inputs;
	struct tsv_writer out;
	size_t ninputs, i, j, *dimpos;
	int ch, verbose = 0, status = 0, *st;
	struct labels *labels;

	opt_init(argv[0], usage_text);
	labels = labels_load();
	opt.labels = labels;
	while ((ch = getopt_long(argc, argv, "d:hv", longopts, NULL)) != -1) {
		switch (ch) {
		case 's': opt.source = optarg; break;
		case 'g': opt.geo = optarg; break;
		case 't': opt.time = optarg; break;
		case 'P': opt.period = optarg; break;
		case 'V': opt.value = optarg; break;
		case 'f': opt.flag = optarg; break;
		case 'w': opt.wide = 1; break;
		case 'X': opt.table = 1; break;
		case 'd': opt.delim = parse_char_option(optarg, "-d"); break;
		case 'c': opt.decimal_comma = 1; break;
		case 'T': opt.thousands = parse_char_option(optarg, "--thousands"); break;
		case 'e': opt.encoding = optarg; break;
		case 'o': opt.origin = 1; break;
		case 'm': opt.max_errors = diag_cap_parse(optarg, "--max-errors"); break;
		case 'v': verbose = 1; break;
		case 'S': opt.sheet = optarg; break;
		case 'H':
			if ((opt.header_row = opt_count(optarg, "--header-row", ULONG_MAX)) == 0)
				diag_die(EXIT_TROUBLE, "--header-row takes a line number from 1, not \"%s\"", optarg);
			break;
		case 'D':
			if (labels_add_column(labels, optarg) != 0)
				diag_die(EXIT_TROUBLE, "--dim takes DIM=COLUMN (sex=Sexo), not \"%s\"", optarg);
			break;
		case 'M':
			if (labels_read_map(labels, optarg) != 0)
				exit(EXIT_TROUBLE);
			break;
		case 'h': opt_help();
		default: opt_usage();
		}
	}
	argv = opt_files(&argc, argv, 0);
	check_roles(&opt, labels);
	ninputs = (size_t)argc;

	/* every header first: the output header is the union of their dimensions */
	inputs = xcalloc(ninputs, sizeof *inputs);
	st = xcalloc(ninputs, sizeof *st);	/* each input's status */
	for (i = 0; i < ninputs; i++) {
		st[i] = import_open(&inputs[i], argv[i], &opt);
		for (j = 0; st[i] == 0 && j < import_ndims(inputs[i]); j++)
			union_dim(import_dim(inputs[i], j));
	}
	for (i = 0; opt.origin && i < nudims; i++)
		if (strcmp(udims[i], "origin") == 0)
			diag_die(EXIT_TROUBLE, "--origin: the input has a dimension named origin already");
	tsv_writer_fdopen(&out, 1, "stdout");
	for (i = 0; i < ninputs && st[i] != 0; i++)
		;
	if (i < ninputs)	/* no header at all when no input has one */
		put_header(&out, &opt);

	dimpos = xcalloc(nudims + 1, sizeof *dimpos);
	for (i = 0; i < ninputs; i++) {
		struct import *in = inputs[i];

		if (st[i] == 0 && !import_stopped(&opt)) {
			for (j = 0; j < import_ndims(in); j++)
				dimpos[j] = union_dim(import_dim(in, j));
			st[i] = import_write(in, &out, dimpos, nudims);
		}
		if (verbose && st[i] != EXIT_TROUBLE)
			report(argv[i], in);
		if (st[i] > status)
			status = st[i];
		import_close(in);
	}
	if (import_stopped(&opt))
		diag_warn("stopped after %lu errors (--max-errors %lu)", opt.errors, opt.max_errors);
	labels_free(labels);
	for (i = 0; i < nudims; i++)
		free(udims[i]);
	free(udims);
	free(dimpos);
	free(inputs);
	free(st);
	tsv_writer_close(&out);
	return status;
}
