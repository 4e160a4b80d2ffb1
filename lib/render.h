/*
 * mipexr-render-table's formats: any stage's TSV as a table or chart for
 * people. The table model (lib/render_table.c) reads the input, labels
 * codes, lays out a plain or pivot table, sorts and cuts it and gathers its
 * legend and key; each format is one file, lib/render_<format>.c, exporting
 * one function of that name that writes the table (or, for the map, the
 * input) to r->out. No renderer keeps state at file level: everything a
 * rendering needs is in struct render, which the caller owns.
 *
 * Errors, as everywhere in lib/: a function that can fail reports its
 * message itself and returns 0, EXIT_DATA (bad data) or EXIT_TROUBLE.
 */
#ifndef MIPEXR_RENDER_H
#define MIPEXR_RENDER_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "flags.h"
#include "geo.h"
#include "num.h"
#include "out.h"
#include "strmap.h"

struct nuts;
struct catalogue;

#define RENDER_MAXVALUES 16

/* The --where selection: the rows drawn are those with every COL=VALUE. */
struct render_where {
	struct where_term {
		const char *arg;	/* COL=VALUE as given */
		char *column;		/* COL, owned */
		const char *value;	/* VALUE, in arg */
		int col;		/* its index in the input */
		size_t matched;		/* rows with this value */
		struct strmap seen;	/* the column's values, for a message when none matched */
		const char *last;	/* the last value put in seen */
	} *term;
	size_t n, cap;
	size_t rows, selected;	/* rows read; of them, selected (without --where: all) */
};

/* What the command line asks for. The renderers only read it. */
struct render_opts {
	const char *rows, *cols, *sort, *title, *source, *date;
	const char *geometry;		/* --geometry's path, for messages */
	const char *values[RENDER_MAXVALUES];
	size_t nvalues;
	int classes;			/* enum geo_classing, or -1: by the column */
	long top;			/* -1: every row */
	int decimals;			/* -1: by the column */
	int codes, excel;
	int markdown, csv;		/* the style of render_text and render_stream */
};

/* The columns of the stages that the renderers look for, found once a file
 * (render_known_columns): their indexes, or -1. */
struct render_known {
	int flag, polarity, origin, indicator, sex, group, time, value, gap;
};

/* The input, whole: the table needs every row for widths, pivots and sorting. */
struct render_input {
	char **names;		/* owned */
	size_t ncols;
	struct render_known col;	/* of names */
	char ***rows;		/* in render.text */
	size_t nrows, cap;
	unsigned long *line;
	const char *name;
};

/* A cell of the output table: its text and, for figures, the number. */
struct render_cell {		/* one a field of the whole table: kept small */
	const char *text;	/* as shown, without flags */
	const char *flags;	/* "" or letters */
	double x;
	uint32_t width;		/* render_text's: of the text with its flags, in columns */
	unsigned char numeric, has;	/* a figure; a figure that is there */
	char polarity;		/* of the row's indicator, for colours */
	unsigned char width_is_len;	/* and that is its length in bytes (ASCII) */
};

struct render_table {
	const char **head;	/* column headings */
	size_t ncols;
	struct render_cell **cell;	/* rows × ncols */
	size_t nrows, rowcap;
	int *numeric_col;	/* right-aligned */
	char *kind;		/* per column: 'g' gap, 's' score, 0 other (colours) */
	int flagcol;		/* a column of flags shown as it is, or -1 */
	int colcol;		/* a pivot's --cols column in the input, or -1 */
	flagset legend;		/* the flags of the rows shown (render_legend) */
	const char **key;	/* the indicators heading pivot columns, for the key */
	size_t nkey, keycap;
	size_t bad_figures;	/* --value figures not numbers, shown as missing */
};

/* One rendering: the options, the labels, the text of the tables, the output. */
struct render {
	const struct render_opts *opt;
	struct render_where where;
	struct nuts *nuts;		/* NULL with --codes or without the table */
	struct catalogue *cat;
	struct arena text;		/* the tables' strings: cells, headings, labels */
	struct out out;
	char *join;			/* render_label_text's joins */
	size_t joincap;
	int map_seq;			/* the maps of a page so far: their ids' suffix */
	int map_rc;			/* the worst of a page's maps */
	const struct render_input *map_in;	/* --format html --geometry: the rows mapped */
	const struct geo *map_geo;		/* and their boundaries */
	size_t shown_rows, shown_cols;		/* the table drawn (a map: its regions coloured), for -v */
	struct strmap context;	/* indicators of polarity 0 shown by their value in a gap
				 * column: id → their key label, which says so */
	const char **context_id;	/* the same ids in order of first sight */
	size_t ncontext, contextcap;
};

/* lib/render_table.c: the model. */

/* Starts r with opt (which must outlive it), output on stdout. */
void render_init(struct render *r, const struct render_opts *opt);
/* Loads the NUTS names and the catalogue's labels, unless --codes or
 * loaded already. */
int render_load_labels(struct render *r);
/* Frees everything r owns (not the output: out_close it first). */
void render_free(struct render *r);

/* --where COL=VALUE: dies (exit 2) on a bad argument. */
void render_where_add(struct render_where *w, const char *arg);
/* Finds the --where columns among a file's; a column it has not is refused,
 * naming those it has (EXIT_DATA). */
int render_where_columns(struct render_where *w, const char *name, char *const *names, size_t ncols);
/* Whether a row is drawn; render_where_selects counts for render_where_end. */
int render_where_test(const struct render_where *w, char *const *field);
int render_where_selects(struct render_where *w, char *const *field);
/* Once the rows are read: EXIT_DATA with a message when --where selected none. */
int render_where_end(const struct render_where *w);

/* Reads path ("-": stdin), the rows --where selects, into in. */
int render_read(struct render *r, const char *path, struct render_input *in);
/* The same from an open reader, which it closes. */
int render_read_rows(struct render *r, struct tsv_reader *tr, struct render_input *in);
void render_input_free(struct render_input *in);
/* Finds the known columns among ncols names (render_read does, for an input). */
void render_known_columns(struct render_known *k, char *const *names, size_t ncols);
/* tsv_name_index of the input's columns, or -1 told: "no column 'NAME' (OPTION)". */
int render_column_for(const struct render_input *in, const char *name, const char *option);
/* Where row i came from, for messages: its origin field, else FILE:LINE. */
const char *render_place(const struct render_input *in, size_t i, char *buf, size_t cap);

/* Which codes a column labels: 'g' geo, 'i' indicator, 'r' group or
 * ref_group, 0 none. */
char render_label_kind(const char *column);
/* A code with its name ("ES51 Cataluña", an indicator's label,
 * "foreign-born"): code itself, a name the labels own, or a join in r->join
 * valid until the next call. */
const char *render_label_text(struct render *r, char kind, const char *code);
/* render_label_text of a column's code, copied into r->text. */
const char *render_label(struct render *r, const char *column, const char *code);
/* A sex code in words ("both sexes"), or code itself. */
const char *render_sex_label(const struct render *r, const char *code);
/* A copy of s, or of a, sep and b joined, in r->text. */
const char *render_str(struct render *r, const char *s);
const char *render_join(struct render *r, const char *a, const char *sep, const char *b);
/* The decimals of a column's figures: -p, else 2 for ratios, 1 for others. */
int render_decimals(const struct render *r, const char *column);
/* 'g' gaps (gap, delta), 's' scores, 0 other: how figures are coloured. */
char render_kind(const char *column);

/* Whether a column holds figures, value by value: every value a number,
 * one at least with a '.', is figures; whole numbers are shown as written. */
struct render_figure_test {
	int ok, any, dot;
};
/* Adds value s (n bytes); returns 1 with *x when it is a number. Inline:
 * the streamed form calls it for every field. */
static inline int
render_figure_add(struct render_figure_test *f, const char *s, size_t n, double *x)
{
	if (!f->ok || n == 0)
		return 0;
	if (num_parse(s, n, x) != NUM_OK) {
		f->ok = 0;
		return 0;
	}
	f->any = 1;
	if (!f->dot && memchr(s, '.', n) != NULL)
		f->dot = 1;
	return 1;
}

/* 2 figures, 1 whole numbers, 0 text. */
static inline int
render_figure_kind(const struct render_figure_test *f)
{
	return f->ok && f->any ? (f->dot ? 2 : 1) : 0;
}

/* The input as a table: every column (plain) or --rows × --cols × --value
 * (pivot); then --sort and --top; then the legend of the rows shown. The
 * table's memory is r->text's and render_table_free's. */
int render_plain(struct render *r, const struct render_input *in, struct render_table *t);
int render_pivot(struct render *r, const struct render_input *in, struct render_table *t);
int render_sort_top(struct render *r, struct render_table *t);
void render_legend(struct render_table *t);
void render_table_free(struct render_table *t);

/* The legend's lines for the flags of f, in letter order: up to 26 into
 * words ("b break in time series"); returns how many. */
size_t render_flag_words(flagset f, const char **words);
/* An indicator's label for the key under a table; for one of polarity 0
 * shown in a gap column, with RENDER_CONTEXT_NOTE after it. */
const char *render_key_label(const struct render *r, const char *id);
#define RENDER_CONTEXT_NOTE "context: the group's own share (%), not a gap"
/* Whether a --value column's figure of a row of this polarity is the row's
 * value instead (a gap of polarity 0, a context indicator such as
 * fb_share: its gap, share minus share, means nothing); then the
 * indicator's id is noted for render_key_label. Returns the column to read. */
int render_context_column(struct render *r, const struct render_input *in, size_t i, int vcol, char kind);

/* The distinct values of a column in order of first sight. */
struct render_keys {
	struct strmap map;	/* value → index + 1 */
	const char **key;	/* not owned */
	size_t n, cap;
};
size_t render_keys_index(struct render_keys *k, const char *key);
void render_keys_free(struct render_keys *k);

/* Rows met twice in one cell of a pivot or one region of a map: said once,
 * for the first pair, with how many, the columns they differ in and a
 * --where that would keep one. skip: the columns not to name, -1 ended. */
struct render_seconds {
	size_t (*pair)[2];	/* a row, and the first row of its cell */
	size_t n, cap;
};
void render_seconds_add(struct render_seconds *sc, size_t row, size_t first);
void render_seconds_tell(const struct render_input *in, const struct render_seconds *sc, const char *what,
    const char *otherwise, const int *skip);

/* lib/render_title.c: --title's placeholders, {group}, {sex}, {time},
 * {indicator} and {geo}, each alone or with a code ({group=foreign_born}). How many title has; -1 with *bad and *badlen (unless NULL) at
 * a "{word}" that is none of them (other braces are text). */
int render_title_fields(const char *title, const char **bad, size_t *badlen);
/* *title with each placeholder replaced by the value the rows of in share
 * (or the code it gives), in words (render_label_text, render_sex_label), the result in r->text;
 * EXIT_DATA told, *title unchanged, when the rows have no column for one,
 * or not one value. */
int render_title(struct render *r, const struct render_input *in, const char **title);

/* lib/render_cells.c: what the formats share to write a cell. */

/* A cell as text: the figure and its flags ("61.2 b"), or a dash when
 * missing; c's own text, or a join in *buf (grown) valid until the next call. */
const char *render_cell_text(const struct render_cell *c, char **buf, size_t *cap);
/* s (n bytes) as a Markdown cell: '|' escaped, a line break as <br>; s
 * itself or *buf (grown), its length in *len. */
const char *render_md_cell(const char *s, size_t n, size_t *len, char **buf, size_t *cap);
/* The title, headings and rule of an aligned table (Markdown with
 * opt->markdown): w[j] the width of column j, figure columns right-aligned. */
void render_text_head(struct render *r, const char *const *head, size_t ncols, const size_t *w,
    const int *numeric_col);
/* Cell j of ncols: text of len bytes and cw columns in a column w wide; a
 * figure right-aligned with room kept after it for the flags of others.
 * Inline: it is the inner loop of every text table. */
static inline void
render_text_cell(struct render *r, size_t j, size_t ncols, int numeric, const char *text, size_t len,
    size_t cw, size_t w, size_t room)
{
	int markdown = r->opt->markdown;
	size_t sep = markdown || j == 0 ? 0 : 2, last = !markdown && j + 1 == ncols;

	if (markdown)
		out_bytes(&r->out, &" | "[j == 0], j == 0 ? 2 : 3);	/* "| " first */
	if (numeric) {
		assert(w >= cw + room);
		out_aligned(&r->out, sep + w - cw - room, text, len, last ? 0 : room);
	} else
		out_aligned(&r->out, sep, text, len, last ? 0 : w - cw);
}
void render_text_row_end(struct render *r);
/* What follows the rows: the indicators' key, the flags' legend, the source. */
void render_text_tail(struct render *r, const struct render_table *t);
/* Which figure columns of t have a flag in a row shown: after[j] set (after
 * holds ncols), and how many. CSV and xlsx give each its flags in a column
 * of their own, headed "flag", right after it: the figure stays a number. */
size_t render_flag_after(const struct render_table *t, unsigned char *after);
/* A CSV field, after a separator unless first: quoted where needed; a text
 * that would start a formula (= + - @ TAB CR first, not a number nor a sign
 * alone) behind a '; with --excel ';' between fields and a number's decimal
 * comma. */
void render_csv_field(struct render *r, const char *s, int first);
/* The byte order mark (--excel) and the headings of a CSV table. */
void render_csv_head(struct render *r, const char *const *head, size_t ncols);
/* How good a figure is for the group, -1 to 1 (a gap by its polarity, a
 * score against parity); 0 when it says nothing. Its colour, #rrggbb. */
int render_goodness(const struct render_cell *c, char kind, double *g);
void render_colour(double g, char *buf, size_t cap);

/* The formats: each writes the whole document to r->out. Text and Markdown
 * (opt->markdown), CSV, the HTML page (with r->map_geo, a map per --cols
 * value under the table), the SVG bar chart. */
int render_text(struct render *r, struct render_table *t);
int render_csv(struct render *r, struct render_table *t);
int render_html(struct render *r, struct render_table *t);
int render_svg(struct render *r, struct render_table *t);
/* An Excel workbook (libxlsxwriter), through a temporary file in $TMPDIR;
 * refused (EXIT_TROUBLE) when r->out is a terminal. */
int render_xlsx(struct render *r, struct render_table *t);
/* A plain text, Markdown or CSV table (opt->markdown, opt->csv) without
 * --sort, in constant memory: a regular file is read twice (to measure,
 * then to write), other input held as its rows in in. */
int render_stream(struct render *r, const char *path, struct render_input *in);
/* The choropleth of NUTS regions of one --value, under title (NULL: by the
 * column); embed: inside an HTML page, with ids of its own and the legend
 * written again as HTML after the picture (shown on a narrow screen). */
int render_map(struct render *r, const struct render_input *in, const struct geo *geo, const char *title,
    int embed);

#endif
