/*
 * mipexr-validate: checks any stage's TSV against a schema (built in per
 * stage, or a user's file): types, required columns, PCRE2 patterns, ranges,
 * code lists, a unique key. Valid rows go out byte for byte; every invalid row
 * is reported with its line and all its problems, and kept in --rejects.
 * Exit 0 all valid, 1 some invalid, 2 trouble, as cmp and diff do.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "schema.h"
#include "strmap.h"
#include "tsv.h"

static const char usage_text[] =
	"-s obs|harmonised|scored|compared|SCHEMA [-v] [--rejects FILE] [--max-errors N] [file ...]";

static struct {
	struct schema *schema;
	struct tsv_writer out, rejects;
	int rejects_open, verbose;
	unsigned long max_errors, messages, rows, invalid;
	struct strmap keys;	/* the unique key of every valid row so far → line */
	char **header;		/* the first file's columns */
	size_t nheader;
} v = { .max_errors = 20 };

static _Noreturn void
usage(void)
{
	diag_usage(usage_text);
}

static void
message(const char *file, unsigned long line, const char *fmt, const char *a, const char *b)
{
	v.messages++;
	if (v.max_errors == 0 || v.messages <= v.max_errors) {
		char buf[1024];

		snprintf(buf, sizeof buf, fmt, a, b);
		diag_warn_at(file, line, "%s", buf);
	}
}

/* Appends "; " and a problem to the row's error text. */
static void
add_error(char **err, size_t *len, size_t *cap, const char *text)
{
	size_t n = strlen(text);

	*err = xgrow(*err, cap, *len + n + 3, 1);
	if (*len > 0) {
		memcpy(*err + *len, "; ", 2);
		*len += 2;
	}
	memcpy(*err + *len, text, n + 1);
	*len += n;
}

static int
validate(const char *path, int first)
{
	struct tsv_reader r;
	enum tsv_status st;
	int rc, *col, status = 0, *inkey;
	size_t i, j, len, cap = 0, klen, kcap = 0;
	uint64_t h = 0;
	char *err = NULL, *key = NULL, buf[1024];
	const char *why;
	struct schema *s = v.schema;
	void **slot;
	int added;

	if ((rc = tsv_open(&r, path)) != 0)
		return rc == EXIT_DATA ? EXIT_DATA : EXIT_TROUBLE;
	col = xcalloc(s->n + 1, sizeof *col);
	for (i = 0; i < s->n; i++) {
		col[i] = tsv_column(&r, s->field[i].column);
		if (col[i] < 0 && s->field[i].required) {
			diag_warn_at(r.name, 1, "no column '%s' (schema %s)", s->field[i].column, s->name);
			status = EXIT_DATA;
		}
	}
	/* the key's columns: named, or every column but those named */
	inkey = xcalloc(r.ncols + 1, sizeof *inkey);
	for (j = 0; j < r.ncols; j++) {
		int named = 0;

		for (i = 0; i < s->nkey; i++)
			if (strcmp(s->key[i], r.names[j]) == 0)
				named = 1;
		inkey[j] = s->key_rest ? !named : named;
	}
	for (i = 0; i < s->nkey && !s->key_rest; i++)
		if (tsv_column(&r, s->key[i]) < 0) {
			diag_warn_at(r.name, 1, "no column '%s' of the unique key", s->key[i]);
			status = EXIT_DATA;
		}
	if (!first) {
		for (j = 0; j < r.ncols && j < v.nheader && strcmp(r.names[j], v.header[j]) == 0; j++)
			;
		if (j != r.ncols || j != v.nheader) {
			diag_warn_at(r.name, 1, "the columns differ from the first file's: validate it on its own");
			status = EXIT_DATA;
		}
	}
	if (status != 0) {
		free(col);
		free(inkey);
		tsv_close(&r);
		return status;
	}
	if (first) {
		v.nheader = r.ncols;
		v.header = xcalloc(r.ncols, sizeof *v.header);
		for (j = 0; j < r.ncols; j++) {
			v.header[j] = xstrdup(r.names[j]);
			tsv_put_str(&v.out, r.names[j]);
		}
		tsv_end_row(&v.out);
		if (v.rejects_open) {
			for (j = 0; j < r.ncols; j++)
				tsv_put_str(&v.rejects, r.names[j]);
			tsv_put_str(&v.rejects, "error");
			tsv_end_row(&v.rejects);
		}
	}
	while ((st = tsv_next(&r)) != TSV_END) {
		if (st == TSV_FAIL) {
			status = EXIT_TROUBLE;
			break;
		}
		v.rows++;
		if (st == TSV_BAD) {	/* reported by the reader; not a row to keep */
			v.invalid++;
			v.messages++;
			continue;
		}
		klen = 0;
		if (s->nkey > 0) {	/* the key's slot is fetched while the fields are checked */
			for (j = 0; j < r.ncols; j++) {
				if (!inkey[j])
					continue;
				key = xgrow(key, &kcap, klen + r.flen[j] + 2, 1);
				memcpy(key + klen, r.field[j], r.flen[j]);
				klen += r.flen[j];
				key[klen++] = '\t';
			}
			h = strmap_prefetch(&v.keys, key, klen);
		}
		len = 0;
		for (i = 0; i < s->n; i++) {
			if (col[i] < 0)
				continue;
			why = schema_check(s, &s->field[i], r.field[col[i]], r.flen[col[i]]);
			if (why == NULL)
				continue;
			snprintf(buf, sizeof buf, "column '%s': \"%s\" %s", s->field[i].column, r.field[col[i]], why);
			message(r.name, r.line, "%s%s", buf, "");
			add_error(&err, &len, &cap, buf);
		}
		if (s->nkey > 0 && klen > 0 && len == 0) {	/* only valid rows claim a key */
			slot = strmap_put_hashed(&v.keys, key, klen, h, &added);
			if (!added) {
				snprintf(buf, sizeof buf, "duplicate key: the same %s as line %lu",
				    s->key_rest ? "dimensions and time" : "key", (unsigned long)(size_t)*slot);
				message(r.name, r.line, "%s%s", buf, "");
				add_error(&err, &len, &cap, buf);
			} else
				*slot = (void *)(size_t)r.line;
		}
		if (len == 0) {
			tsv_put_bytes(&v.out, r.raw, r.rawlen);
			tsv_put_bytes(&v.out, "\n", 1);
			continue;
		}
		v.invalid++;
		if (v.rejects_open) {
			tsv_put_bytes(&v.rejects, r.raw, r.rawlen);
			tsv_put_bytes(&v.rejects, "\t", 1);
			tsv_put_field(&v.rejects, err, len);
			tsv_end_row(&v.rejects);
		}
	}
	free(err);
	free(key);
	free(col);
	free(inkey);
	tsv_close(&r);
	return status;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "schema", required_argument, NULL, 's' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "max-errors", required_argument, NULL, 'm' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	static char *stdin_only[] = { "-", NULL };
	const char *schema = NULL, *rejects = NULL;
	char *end;
	int ch, i, st, status = 0;
	size_t j;

	diag_init(argv[0]);
	while ((ch = getopt_long(argc, argv, "s:v", longopts, NULL)) != -1) {
		switch (ch) {
		case 's': schema = optarg; break;
		case 'r': rejects = optarg; break;
		case 'm':
			errno = 0;
			v.max_errors = strtoul(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0 || *optarg == '-')
				diag_die(EXIT_TROUBLE, "--max-errors takes a count, not \"%s\"", optarg);
			break;
		case 'v': v.verbose = 1; break;
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (schema == NULL)
		usage();
	if ((v.schema = schema_builtin(schema)) == NULL && (v.schema = schema_load(schema)) == NULL)
		return EXIT_TROUBLE;
	if (argc == 0) {
		argc = 1;
		argv = stdin_only;
	}
	strmap_init(&v.keys);
	tsv_writer_fdopen(&v.out, 1, "stdout");
	if (rejects != NULL) {
		if (tsv_writer_open(&v.rejects, rejects) == -1)
			diag_die_errno(EXIT_TROUBLE, "%s", rejects);
		v.rejects_open = 1;
	}
	for (i = 0; i < argc; i++)
		if ((st = validate(argv[i], i == 0)) > status)
			status = st;
	if (v.max_errors != 0 && v.messages > v.max_errors)
		diag_warn("%lu more messages not shown (--max-errors %lu)", v.messages - v.max_errors, v.max_errors);
	if (v.verbose || v.invalid > 0)
		diag_warn("%lu rows, %lu rejected", v.rows, v.invalid);
	if (v.invalid > 0 && status < EXIT_DATA)
		status = EXIT_DATA;
	if (v.rejects_open)
		tsv_writer_close(&v.rejects);
	tsv_writer_close(&v.out);
	for (j = 0; j < v.nheader; j++)
		free(v.header[j]);
	free(v.header);
	strmap_free(&v.keys, NULL);
	schema_free(v.schema);
	return status;
}
