/*
 * Spreadsheet workbooks: Office Open XML (.xlsx) and OpenDocument (.ods).
 * Both are zip archives of XML; libzip reads the members into memory and
 * libxml2's xmlTextReader streams through them, so a sheet's XML is never
 * held as a tree. The cells gathered go into one grid, where merged cells
 * are spread and hidden rows left out, the same for both formats.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include "diag.h"
#include "num.h"
#include "text.h"
#include "workbook.h"

enum {
	MAX_COLS = 16384,		/* both formats' limit */
	MAX_ROWS = 1048576,
	MAX_MEMBER = 256 << 20,		/* an XML member larger than this is refused (a zip bomb) */
	MAX_GRID = 1 << 25		/* cells of the dense grid */
};

struct raw {
	unsigned long row, col;	/* from 1 */
	char *text;
	int number;
};

struct span {
	unsigned long r1, c1, r2, c2;
};

/* What a sheet's XML gave, before it becomes a grid. */
struct gather {
	struct raw *cells;
	size_t n, cap;
	struct span *spans;
	size_t nspans, spancap;
	unsigned long *hidden;
	size_t nhidden, hiddencap;
	char *err;
	size_t errcap;
	int failed;
};

static int
fail(struct gather *g, const char *fmt, ...)
{
	va_list ap;

	if (!g->failed) {
		va_start(ap, fmt);
		vsnprintf(g->err, g->errcap, fmt, ap);
		va_end(ap);
		g->failed = 1;
	}
	return -1;
}

static void
add_cell(struct gather *g, unsigned long row, unsigned long col, const char *s, size_t n, int number)
{
	if (n == 0 || row == 0 || col == 0 || row > MAX_ROWS || col > MAX_COLS)
		return;
	g->cells = xgrow(g->cells, &g->cap, g->n + 1, sizeof *g->cells);
	g->cells[g->n].row = row;
	g->cells[g->n].col = col;
	g->cells[g->n].text = xstrndup(s, n);
	g->cells[g->n].number = number;
	g->n++;
}

static void
add_span(struct gather *g, unsigned long r1, unsigned long c1, unsigned long r2, unsigned long c2)
{
	if (r1 == 0 || c1 == 0 || r2 < r1 || c2 < c1 || r2 > MAX_ROWS || c2 > MAX_COLS)
		return;
	g->spans = xgrow(g->spans, &g->spancap, g->nspans + 1, sizeof *g->spans);
	g->spans[g->nspans++] = (struct span){ r1, c1, r2, c2 };
}

static void
add_hidden(struct gather *g, unsigned long row)
{
	g->hidden = xgrow(g->hidden, &g->hiddencap, g->nhidden + 1, sizeof *g->hidden);
	g->hidden[g->nhidden++] = row;
}

/* Reads member name of z into memory (NUL-terminated); NULL when absent. */
static char *
zip_member(zip_t *z, const char *name, size_t *len, struct gather *g)
{
	zip_stat_t st;
	zip_file_t *f;
	char *buf;
	zip_int64_t got;

	if (zip_stat(z, name, 0, &st) != 0)
		return NULL;
	if (!(st.valid & ZIP_STAT_SIZE) || st.size > MAX_MEMBER) {
		fail(g, "%s is larger than %d MiB", name, MAX_MEMBER >> 20);
		return NULL;
	}
	if ((f = zip_fopen(z, name, 0)) == NULL) {
		fail(g, "cannot read %s: %s", name, zip_strerror(z));
		return NULL;
	}
	buf = xmalloc((size_t)st.size + 1);
	got = zip_fread(f, buf, st.size);
	zip_fclose(f);
	if (got < 0 || (zip_uint64_t)got != st.size) {
		free(buf);
		fail(g, "cannot read %s: a damaged zip archive", name);
		return NULL;
	}
	buf[st.size] = '\0';
	*len = (size_t)st.size;
	return buf;
}

/* libxml2's messages are kept, not printed: the first says what is wrong. */
static void
xml_error(void *arg, const char *msg, xmlParserSeverities sev, xmlTextReaderLocatorPtr loc)
{
	char *first = arg;
	size_t n;

	(void)sev;
	if (first[0] != '\0')
		return;
	snprintf(first, 200, "line %d: %s", xmlTextReaderLocatorLineNumber(loc), msg);
	n = strlen(first);
	while (n > 0 && first[n - 1] == '\n')
		first[--n] = '\0';
}

struct xml {
	xmlTextReaderPtr r;
	const char *member;
	char first[200];
};

static int
xml_open(struct xml *x, const char *buf, size_t len, const char *member, struct gather *g)
{
	x->member = member;
	x->first[0] = '\0';
	x->r = xmlReaderForMemory(buf, (int)len, member, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (x->r == NULL)
		return fail(g, "%s: cannot start the XML reader", member);
	xmlTextReaderSetErrorHandler(x->r, xml_error, x->first);
	return 0;
}

/* The next node: 1, 0 at the end, -1 on broken XML (said in g). */
static int
xml_next(struct xml *x, struct gather *g)
{
	int rc = xmlTextReaderRead(x->r);

	if (rc < 0)
		fail(g, "%s: not well-formed XML (%s)", x->member, x->first[0] ? x->first : "unreadable");
	return rc;
}

static void
xml_close(struct xml *x)
{
	xmlFreeTextReader(x->r);
}

static int
is_elem(struct xml *x, const char *name)
{
	return xmlTextReaderNodeType(x->r) == XML_READER_TYPE_ELEMENT &&
	    strcmp((const char *)xmlTextReaderConstLocalName(x->r), name) == 0;
}

static int
is_end(struct xml *x, const char *name)
{
	int t = xmlTextReaderNodeType(x->r);

	return ((t == XML_READER_TYPE_END_ELEMENT) ||
	    (t == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement(x->r))) &&
	    strcmp((const char *)xmlTextReaderConstLocalName(x->r), name) == 0;
}

static int
is_text(struct xml *x)
{
	int t = xmlTextReaderNodeType(x->r);

	return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
	    t == XML_READER_TYPE_WHITESPACE || t == XML_READER_TYPE_CDATA;
}

/* An attribute by its local name, whatever its prefix; owned by the caller. */
static char *
attr(struct xml *x, const char *name)
{
	char *v = NULL;

	if (xmlTextReaderMoveToFirstAttribute(x->r) != 1)
		return NULL;
	do {
		if (strcmp((const char *)xmlTextReaderConstLocalName(x->r), name) == 0) {
			v = xstrdup((const char *)xmlTextReaderConstValue(x->r));
			break;
		}
	} while (xmlTextReaderMoveToNextAttribute(x->r) == 1);
	xmlTextReaderMoveToElement(x->r);
	return v;
}

static unsigned long
attr_ulong(struct xml *x, const char *name, unsigned long dflt)
{
	char *v = attr(x, name), *end;
	unsigned long n;

	if (v == NULL)
		return dflt;
	n = strtoul(v, &end, 10);
	if (end == v || *end != '\0')
		n = dflt;
	free(v);
	return n;
}

/* Days since 1970-01-01 to a civil date (H. Hinnant's algorithm). */
static void
civil(long z, char *out, size_t cap)
{
	long era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	snprintf(out, cap, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
}

/* A number's text as a person reads it: 15 significant digits, a
 * percentage as its figure. Returns 0, or -1 when s is not a number. */
static int
number_text(const char *s, int percent, char *out, size_t cap)
{
	double x;

	if (num_parse(s, strlen(s), &x) != NUM_OK)
		return -1;
	num_format(out, cap, percent ? x * 100 : x, -1);
	return 0;
}

/*
 * Office Open XML.
 */
enum xf_kind { XF_GENERAL, XF_DATE, XF_PERCENT };

/* What a number format shows, from its code: quoted text, escaped
 * characters and [brackets] left aside, '%' a percentage, y m d h s a date. */
static enum xf_kind
format_kind(const char *code)
{
	int quoted = 0, bracket = 0;
	enum xf_kind k = XF_GENERAL;

	for (; *code != '\0'; code++) {
		if (*code == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (*code == '\\' && code[1] != '\0')
			code++;
		else if (*code == '[')
			bracket = 1;
		else if (*code == ']')
			bracket = 0;
		else if (bracket)
			continue;
		else if (*code == '%')
			return XF_PERCENT;
		else if (*code == ';')
			break;	/* the format of positive numbers is enough */
		else if (strchr("ymdhsYMDHS", *code) != NULL)
			k = XF_DATE;
	}
	return k;
}

static enum xf_kind
builtin_kind(unsigned long id)
{
	if (id == 9 || id == 10)
		return XF_PERCENT;
	if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
	    (id >= 50 && id <= 58))
		return XF_DATE;
	return XF_GENERAL;
}

struct xlsx {
	zip_t *z;
	char **shared;
	size_t nshared, sharedcap;
	unsigned char *xf;	/* enum xf_kind of each cell style */
	size_t nxf, xfcap;
	int date1904;
};

static int
xlsx_styles(struct xlsx *w, struct gather *g)
{
	struct xml x;
	size_t len, nfmt = 0, fmtcap = 0, i;
	char *buf = zip_member(w->z, "xl/styles.xml", &len, g), *id, *code;
	struct { unsigned long id; enum xf_kind k; } *fmt = NULL;
	int in_xfs = 0, rc;

	if (buf == NULL)
		return g->failed ? -1 : 0;	/* no styles: every number is plain */
	if (xml_open(&x, buf, len, "xl/styles.xml", g) != 0) {
		free(buf);
		return -1;
	}
	while ((rc = xml_next(&x, g)) == 1) {
		if (is_elem(&x, "numFmt") && (id = attr(&x, "numFmtId")) != NULL) {
			code = attr(&x, "formatCode");
			fmt = xgrow(fmt, &fmtcap, nfmt + 1, sizeof *fmt);
			fmt[nfmt].id = strtoul(id, NULL, 10);
			fmt[nfmt++].k = format_kind(code != NULL ? code : "");
			free(id);
			free(code);
		} else if (is_elem(&x, "cellXfs"))
			in_xfs = !xmlTextReaderIsEmptyElement(x.r);
		else if (is_end(&x, "cellXfs"))
			in_xfs = 0;
		else if (in_xfs && is_elem(&x, "xf")) {
			unsigned long fid = attr_ulong(&x, "numFmtId", 0);
			enum xf_kind k = builtin_kind(fid);

			for (i = 0; i < nfmt; i++)
				if (fmt[i].id == fid)
					k = fmt[i].k;
			w->xf = xgrow(w->xf, &w->xfcap, w->nxf + 1, 1);
			w->xf[w->nxf++] = (unsigned char)k;
		}
	}
	xml_close(&x);
	free(fmt);
	free(buf);
	return rc < 0 ? -1 : 0;
}

static int
xlsx_shared(struct xlsx *w, struct gather *g)
{
	struct xml x;
	size_t len;
	char *buf = zip_member(w->z, "xl/sharedStrings.xml", &len, g);
	struct text t = { NULL, 0, 0 };
	int in_si = 0, in_t = 0, in_rph = 0, rc;

	if (buf == NULL)
		return g->failed ? -1 : 0;
	if (xml_open(&x, buf, len, "xl/sharedStrings.xml", g) != 0) {
		free(buf);
		return -1;
	}
	while ((rc = xml_next(&x, g)) == 1) {
		if (is_elem(&x, "si")) {
			in_si = 1;
			t.len = 0;
			text_add(&t, "", 0);
		}
		if (is_elem(&x, "rPh"))
			in_rph = !xmlTextReaderIsEmptyElement(x.r);	/* phonetic runs: not shown */
		else if (is_end(&x, "rPh"))
			in_rph = 0;
		else if (is_elem(&x, "t"))
			in_t = !xmlTextReaderIsEmptyElement(x.r);
		else if (is_end(&x, "t"))
			in_t = 0;
		else if (in_si && in_t && !in_rph && is_text(&x))
			text_add(&t, (const char *)xmlTextReaderConstValue(x.r),
			    strlen((const char *)xmlTextReaderConstValue(x.r)));
		if (is_end(&x, "si")) {
			w->shared = xgrow(w->shared, &w->sharedcap, w->nshared + 1, sizeof *w->shared);
			w->shared[w->nshared++] = xstrndup(t.s != NULL ? t.s : "", t.len);
			in_si = 0;
		}
	}
	xml_close(&x);
	free(t.s);
	free(buf);
	return rc < 0 ? -1 : 0;
}

/* "AB12" → column 28, row 12; 0 for what is absent. */
static void
cell_ref(const char *ref, unsigned long *row, unsigned long *col)
{
	unsigned long c = 0, r = 0;

	for (; *ref >= 'A' && *ref <= 'Z' && c <= MAX_COLS; ref++)
		c = c * 26 + (unsigned long)(*ref - 'A' + 1);
	for (; *ref >= '0' && *ref <= '9' && r <= MAX_ROWS; ref++)
		r = r * 10 + (unsigned long)(*ref - '0');
	*row = r;
	*col = c;
}

/* The text of a finished <c>: its value, by type and style. */
static void
xlsx_cell(struct xlsx *w, struct gather *g, unsigned long row, unsigned long col, const char *type,
    unsigned long style, const char *v, const char *is)
{
	char num[NUM_FORMAT_MAX];
	enum xf_kind k = style < w->nxf ? (enum xf_kind)w->xf[style] : XF_GENERAL;
	unsigned long i;
	double x;

	if (strcmp(type, "inlineStr") == 0)
		add_cell(g, row, col, is, strlen(is), 0);
	else if (strcmp(type, "s") == 0) {
		i = strtoul(v, NULL, 10);
		if (*v == '\0' || i >= w->nshared)
			fail(g, "row %lu: shared string %s does not exist", row, v);
		else
			add_cell(g, row, col, w->shared[i], strlen(w->shared[i]), 0);
	} else if (strcmp(type, "b") == 0)
		add_cell(g, row, col, strcmp(v, "1") == 0 ? "TRUE" : "FALSE", *v ? 4 + (*v != '1') : 0, 0);
	else if (strcmp(type, "d") == 0)
		add_cell(g, row, col, v, strcspn(v, "T"), 0);
	else if (strcmp(type, "n") != 0 || *v == '\0')
		add_cell(g, row, col, v, strlen(v), 0);	/* str, e: the text shown */
	else if (k == XF_DATE && num_parse(v, strlen(v), &x) == NUM_OK && x >= 0 && x < 2958466) {
		long days = (long)floor(x);

		/* 1900 system: serial 60 is Lotus's 29 February 1900 */
		days += w->date1904 ? -24107 : days < 60 ? -25568 : -25569;
		civil(days, num, sizeof num);
		add_cell(g, row, col, num, strlen(num), 0);
	} else if (number_text(v, k == XF_PERCENT, num, sizeof num) == 0)
		add_cell(g, row, col, num, strlen(num), 1);
	else
		add_cell(g, row, col, v, strlen(v), 0);
}

static int
xlsx_sheet(struct xlsx *w, const char *member, struct gather *g)
{
	struct xml x;
	size_t len;
	char *buf = zip_member(w->z, member, &len, g), *s, type[16] = "n";
	struct text v = { NULL, 0, 0 }, is = { NULL, 0, 0 };
	unsigned long row = 0, col = 0, style = 0, r, c, r2, c2;
	int in_c = 0, in_v = 0, in_t = 0, in_rph = 0, rc;

	if (buf == NULL)
		return g->failed ? -1 : fail(g, "the workbook names %s, which the archive lacks", member);
	if (xml_open(&x, buf, len, member, g) != 0) {
		free(buf);
		return -1;
	}
	while ((rc = xml_next(&x, g)) == 1 && !g->failed) {
		if (is_elem(&x, "row")) {
			row = attr_ulong(&x, "r", row + 1);
			col = 0;
			if ((s = attr(&x, "hidden")) != NULL && (strcmp(s, "1") == 0 || strcmp(s, "true") == 0))
				add_hidden(g, row);
			free(s);
		} else if (is_elem(&x, "c")) {
			col++;
			if ((s = attr(&x, "r")) != NULL) {
				cell_ref(s, &r, &c);
				col = c != 0 ? c : col;
				row = r != 0 ? r : row;
			}
			free(s);
			s = attr(&x, "t");
			snprintf(type, sizeof type, "%s", s != NULL ? s : "n");
			free(s);
			style = attr_ulong(&x, "s", 0);
			v.len = is.len = 0;
			text_add(&v, "", 0);
			text_add(&is, "", 0);
			in_c = !xmlTextReaderIsEmptyElement(x.r);
		} else if (in_c && is_elem(&x, "v"))
			in_v = !xmlTextReaderIsEmptyElement(x.r);
		else if (in_c && is_end(&x, "v"))
			in_v = 0;
		else if (in_c && is_elem(&x, "rPh"))
			in_rph = !xmlTextReaderIsEmptyElement(x.r);
		else if (in_c && is_end(&x, "rPh"))
			in_rph = 0;
		else if (in_c && is_elem(&x, "t"))
			in_t = !xmlTextReaderIsEmptyElement(x.r);
		else if (in_c && is_end(&x, "t"))
			in_t = 0;
		else if (in_c && is_text(&x) && (in_v || (in_t && !in_rph)))
			text_add(in_v ? &v : &is, (const char *)xmlTextReaderConstValue(x.r),
			    strlen((const char *)xmlTextReaderConstValue(x.r)));
		else if (in_c && is_end(&x, "c")) {
			xlsx_cell(w, g, row, col, type, style, v.s, is.s);
			in_c = 0;
		} else if (is_elem(&x, "mergeCell") && (s = attr(&x, "ref")) != NULL) {
			char *colon = strchr(s, ':');

			if (colon != NULL) {
				*colon = '\0';
				cell_ref(s, &r, &c);
				cell_ref(colon + 1, &r2, &c2);
				add_span(g, r, c, r2, c2);
			}
			free(s);
		}
	}
	xml_close(&x);
	free(v.s);
	free(is.s);
	free(buf);
	return rc < 0 || g->failed ? -1 : 0;
}

/* The member of the sheet wanted, from workbook.xml and its relationships. */
static char *
xlsx_find_sheet(struct xlsx *w, const char *want, char **name, struct gather *g)
{
	struct xml x;
	size_t len, n = 0;
	char *buf, *rid = NULL, *s, *target = NULL, *member = NULL;
	int rc;

	if ((buf = zip_member(w->z, "xl/workbook.xml", &len, g)) == NULL) {
		fail(g, "a zip archive, but not a workbook: no xl/workbook.xml nor an ODS content.xml");
		return NULL;
	}
	if (xml_open(&x, buf, len, "xl/workbook.xml", g) != 0) {
		free(buf);
		return NULL;
	}
	while (*name == NULL && (rc = xml_next(&x, g)) == 1) {
		if (is_elem(&x, "workbookPr") && (s = attr(&x, "date1904")) != NULL) {
			w->date1904 = strcmp(s, "1") == 0 || strcmp(s, "true") == 0;
			free(s);
		} else if (is_elem(&x, "sheet")) {
			s = attr(&x, "name");
			n++;
			if (want == NULL || (s != NULL && strcmp(s, want) == 0) ||
			    strtoul(want, NULL, 10) == n) {
				rid = attr(&x, "id");
				*name = s != NULL ? s : xstrdup("");
				if (rid == NULL)
					fail(g, "xl/workbook.xml: sheet '%s' has no r:id", *name);
			} else
				free(s);
		}
	}
	xml_close(&x);
	free(buf);
	if (rid == NULL) {
		if (!g->failed)
			fail(g, want != NULL ? "no sheet '%s' in the workbook (%zu sheets)" :
			    "%.0sa workbook without a sheet", want != NULL ? want : "", n);
		return NULL;
	}
	if ((buf = zip_member(w->z, "xl/_rels/workbook.xml.rels", &len, g)) == NULL ||
	    xml_open(&x, buf, len, "xl/_rels/workbook.xml.rels", g) != 0) {
		fail(g, "no xl/_rels/workbook.xml.rels: where sheet '%s' is", *name);
		free(buf);
		free(rid);
		return NULL;
	}
	while (target == NULL && (rc = xml_next(&x, g)) == 1)
		if (is_elem(&x, "Relationship") && (s = attr(&x, "Id")) != NULL) {
			if (strcmp(s, rid) == 0)
				target = attr(&x, "Target");
			free(s);
		}
	xml_close(&x);
	free(buf);
	free(rid);
	if (target == NULL)
		fail(g, "sheet '%s' has no relationship to its XML", *name);
	else if (target[0] == '/')
		member = xstrdup(target + 1);
	else {
		member = xmalloc(strlen(target) + 4);
		sprintf(member, "xl/%s", target);
	}
	free(target);
	return member;
}

static int
xlsx_read(zip_t *z, const char *want, char **name, struct gather *g)
{
	struct xlsx w = { .z = z };
	char *member;
	size_t i;
	int rc = -1;

	if ((member = xlsx_find_sheet(&w, want, name, g)) != NULL &&
	    xlsx_styles(&w, g) == 0 && xlsx_shared(&w, g) == 0)
		rc = xlsx_sheet(&w, member, g);
	for (i = 0; i < w.nshared; i++)
		free(w.shared[i]);
	free(w.shared);
	free(w.xf);
	free(member);
	return rc;
}

/*
 * OpenDocument: content.xml, table:table elements, rows and cells that may
 * repeat (number-rows-repeated, number-columns-repeated) and span.
 */
struct ods_cell {
	struct text text;	/* the paragraphs' text */
	char *type, *value, *date, *boolean;
	unsigned long repeat, cspan, rspan;
	int paras;
};

/* What a finished ODS cell shows, into out; returns 1 for a stored number. */
static int
ods_value(struct ods_cell *c, struct text *out)
{
	char num[NUM_FORMAT_MAX];
	const char *t = c->type != NULL ? c->type : "";

	out->len = 0;
	text_add(out, "", 0);
	if ((strcmp(t, "float") == 0 || strcmp(t, "currency") == 0 || strcmp(t, "percentage") == 0) &&
	    c->value != NULL && number_text(c->value, strcmp(t, "percentage") == 0, num, sizeof num) == 0) {
		text_add(out, num, strlen(num));
		return 1;
	}
	if (strcmp(t, "date") == 0 && c->date != NULL)
		text_add(out, c->date, strcspn(c->date, "T"));
	else if (strcmp(t, "boolean") == 0 && c->boolean != NULL)
		text_add(out, strcmp(c->boolean, "true") == 0 ? "TRUE" : "FALSE",
		    strcmp(c->boolean, "true") == 0 ? 4 : 5);
	else if (c->text.s != NULL)
		text_add(out, c->text.s, c->text.len);
	return 0;
}

static void
ods_cell_start(struct xml *x, struct ods_cell *c)
{
	c->text.len = 0;
	c->paras = 0;
	c->type = attr(x, "value-type");
	c->value = attr(x, "value");
	c->date = attr(x, "date-value");
	c->boolean = attr(x, "boolean-value");
	c->repeat = attr_ulong(x, "number-columns-repeated", 1);
	c->cspan = attr_ulong(x, "number-columns-spanned", 1);
	c->rspan = attr_ulong(x, "number-rows-spanned", 1);
}

static void
ods_cell_end(struct ods_cell *c)
{
	free(c->type);
	free(c->value);
	free(c->date);
	free(c->boolean);
	c->type = c->value = c->date = c->boolean = NULL;
}

/* A row's cells, kept until its end tells how often it repeats. */
struct ods_row {
	struct raw *cells;
	size_t n, cap;
};

static void
ods_row_end(struct gather *g, struct ods_row *rw, unsigned long row, unsigned long repeat, int hidden)
{
	unsigned long r;
	size_t i;

	if (rw->n > 0 && repeat > 1000)
		repeat = 1000;	/* a repeated row with content: a spreadsheet's fill, not a table */
	for (r = 0; rw->n > 0 && r < repeat; r++) {
		if (hidden)
			add_hidden(g, row + r);
		for (i = 0; i < rw->n; i++)
			add_cell(g, row + r, rw->cells[i].col, rw->cells[i].text, strlen(rw->cells[i].text),
			    rw->cells[i].number);
	}
	for (i = 0; i < rw->n; i++)
		free(rw->cells[i].text);
	rw->n = 0;
}

/* The text inside a cell: paragraphs joined by a space, text:s as spaces,
 * notes (office:annotation) left out. */
static void
ods_text(struct xml *x, struct ods_cell *c, int *skip)
{
	const char *name = (const char *)xmlTextReaderConstLocalName(x->r);
	unsigned long n;

	if (is_elem(x, "annotation") && !xmlTextReaderIsEmptyElement(x->r))
		(*skip)++;
	else if (*skip > 0 && xmlTextReaderNodeType(x->r) == XML_READER_TYPE_END_ELEMENT &&
	    strcmp(name, "annotation") == 0)
		(*skip)--;
	else if (*skip > 0)
		return;
	else if (is_elem(x, "p") || is_elem(x, "h")) {
		if (c->paras++ > 0)
			text_add(&c->text, " ", 1);
	} else if (is_elem(x, "s"))
		for (n = attr_ulong(x, "c", 1); n > 0 && n < 1000; n--)
			text_add(&c->text, " ", 1);
	else if (is_elem(x, "tab") || is_elem(x, "line-break"))
		text_add(&c->text, " ", 1);
	else if (is_text(x))
		text_add(&c->text, (const char *)xmlTextReaderConstValue(x->r),
		    strlen((const char *)xmlTextReaderConstValue(x->r)));
}

static int
ods_read(zip_t *z, const char *want, char **name, struct gather *g)
{
	struct xml x;
	size_t len, ntables = 0;
	char *buf = zip_member(z, "content.xml", &len, g), *s;
	struct ods_cell c = { { NULL, 0, 0 }, NULL, NULL, NULL, NULL, 0, 0, 0, 0 };
	struct ods_row rw = { NULL, 0, 0 };
	struct text shown = { NULL, 0, 0 };
	unsigned long row = 0, col = 0, rrepeat = 1, k;
	int in_table = 0, depth = 0, in_cell = 0, hidden = 0, skip = 0, rc, number;

	if (buf == NULL)
		return g->failed ? -1 : fail(g, "a zip archive, but not a workbook: no xl/workbook.xml nor an ODS content.xml");
	if (xml_open(&x, buf, len, "content.xml", g) != 0) {
		free(buf);
		return -1;
	}
	while ((rc = xml_next(&x, g)) == 1 && !g->failed) {
		if (is_elem(&x, "table") && !in_table) {
			s = attr(&x, "name");
			ntables++;
			if (*name == NULL && (want == NULL || (s != NULL && strcmp(s, want) == 0) ||
			    strtoul(want, NULL, 10) == ntables)) {
				*name = s != NULL ? s : xstrdup("");
				in_table = !xmlTextReaderIsEmptyElement(x.r);
				depth = xmlTextReaderDepth(x.r);
				continue;
			}
			free(s);
		}
		if (!in_table)
			continue;
		if (is_end(&x, "table") && xmlTextReaderDepth(x.r) == depth)
			break;
		if (in_cell && !is_end(&x, "table-cell") && !is_end(&x, "covered-table-cell")) {
			ods_text(&x, &c, &skip);
			continue;
		}
		if (is_elem(&x, "table-row")) {
			rrepeat = attr_ulong(&x, "number-rows-repeated", 1);
			s = attr(&x, "visibility");
			hidden = s != NULL && strcmp(s, "visible") != 0;
			free(s);
			col = 0;
			row++;
		}
		if (is_elem(&x, "table-cell") || is_elem(&x, "covered-table-cell")) {
			ods_cell_end(&c);	/* an empty cell inside a cell: the inner one counts */
			ods_cell_start(&x, &c);
			in_cell = 1;
		}
		if (in_cell && (is_end(&x, "table-cell") || is_end(&x, "covered-table-cell"))) {
			number = ods_value(&c, &shown);
			for (k = 0; shown.len > 0 && k < c.repeat && col + k < MAX_COLS; k++) {
				rw.cells = xgrow(rw.cells, &rw.cap, rw.n + 1, sizeof *rw.cells);
				rw.cells[rw.n++] = (struct raw){ row, col + k + 1, xstrdup(shown.s), number };
			}
			if (c.cspan > 1 || c.rspan > 1)
				add_span(g, row, col + 1, row + c.rspan - 1, col + c.cspan);
			col += c.repeat;
			ods_cell_end(&c);
			in_cell = skip = 0;
		}
		if (is_end(&x, "table-row")) {
			ods_row_end(g, &rw, row, rrepeat, hidden);
			if (rrepeat > 1)
				row += rrepeat > MAX_ROWS ? MAX_ROWS : rrepeat - 1;
		}
	}
	if (rc == 1 && *name == NULL && !g->failed)
		rc = 0;
	xml_close(&x);
	ods_cell_end(&c);
	ods_row_end(g, &rw, row, 1, 0);
	free(rw.cells);
	free(c.text.s);
	free(shown.s);
	free(buf);
	if (rc < 0 || g->failed)
		return -1;
	if (*name == NULL)
		return fail(g, want != NULL ? "no sheet '%s' in the workbook (%zu sheets)" :
		    "%.0sa workbook without a sheet", want != NULL ? want : "", ntables);
	return 0;
}

/*
 * The grid: dense, merged cells spread, hidden rows left out.
 */
static int
cmp_row(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

static struct sheet *
build(struct gather *g, char *name, const char *format)
{
	struct sheet *s = xcalloc(1, sizeof *s);
	unsigned long maxrow = 0, maxcol = 0, r, c, w;
	size_t i, h = 0;
	char **cell;
	unsigned char *stored;

	for (i = 0; i < g->n; i++) {
		maxrow = g->cells[i].row > maxrow ? g->cells[i].row : maxrow;
		maxcol = g->cells[i].col > maxcol ? g->cells[i].col : maxcol;
	}
	for (i = 0; i < g->nspans; i++)
		if (g->spans[i].r1 <= maxrow)	/* a span past the last row has nothing to spread */
			maxcol = g->spans[i].c2 > maxcol ? g->spans[i].c2 : maxcol;
	s->name = name;
	s->format = format;
	if (maxrow * maxcol > MAX_GRID) {
		free(name);
		free(s);
		fail(g, "the sheet spans %lu rows and %lu columns: too large", maxrow, maxcol);
		return NULL;
	}
	cell = xcalloc(maxrow * maxcol + 1, sizeof *cell);
	stored = xcalloc(maxrow * maxcol + 1, 1);
	for (i = 0; i < g->n; i++) {
		size_t at = (g->cells[i].row - 1) * maxcol + g->cells[i].col - 1;

		free(cell[at]);	/* a cell given twice: the last counts */
		cell[at] = g->cells[i].text;
		stored[at] = (unsigned char)g->cells[i].number;
		g->cells[i].text = NULL;
	}
	for (i = 0; i < g->nspans; i++) {
		struct span *sp = &g->spans[i];
		size_t top = (sp->r1 - 1) * maxcol + sp->c1 - 1;

		if (sp->r1 > maxrow || cell[top] == NULL)
			continue;
		for (r = sp->r1; r <= sp->r2 && r <= maxrow; r++)
			for (c = sp->c1; c <= sp->c2; c++)
				if (cell[(r - 1) * maxcol + c - 1] == NULL) {
					cell[(r - 1) * maxcol + c - 1] = xstrdup(cell[top]);
					stored[(r - 1) * maxcol + c - 1] = stored[top];
				}
	}
	if (g->nhidden > 0)
		qsort(g->hidden, g->nhidden, sizeof *g->hidden, cmp_row);
	s->ncols = maxcol;
	s->line = xcalloc(maxrow + 1, sizeof *s->line);
	for (r = 1, w = 0; r <= maxrow; r++) {
		char **row = cell + (r - 1) * maxcol;
		int any = 0;

		while (h < g->nhidden && g->hidden[h] < r)
			h++;
		if (h < g->nhidden && g->hidden[h] == r) {
			for (c = 0; c < maxcol; c++) {
				any |= row[c] != NULL;
				free(row[c]);
				row[c] = NULL;
			}
			if (any && s->nhidden++ < SHEET_HIDDEN_SHOWN)
				s->hidden[s->nhidden - 1] = r;
			continue;
		}
		memmove(cell + w * maxcol, row, maxcol * sizeof *cell);
		memmove(stored + w * maxcol, stored + (r - 1) * maxcol, maxcol);
		s->line[w++] = r;
	}
	s->nrows = w;
	s->cell = cell;
	s->stored = stored;
	return s;
}

enum book { BOOK_NONE, BOOK_ZIP, BOOK_OLE2 };

/* What the file at path begins as. */
static enum book
book_magic(const char *path)
{
	unsigned char magic[8];
	enum book b = BOOK_NONE;
	FILE *f;

	if (path == NULL || strcmp(path, "-") == 0 || (f = fopen(path, "rb")) == NULL)
		return BOOK_NONE;
	if (fread(magic, 1, 8, f) == 8)
		b = memcmp(magic, "PK\3\4", 4) == 0 ? BOOK_ZIP :
		    memcmp(magic, "\320\317\021\340\241\261\032\341", 8) == 0 ? BOOK_OLE2 : BOOK_NONE;
	fclose(f);
	return b;
}

int
workbook_sniff(const char *path)
{
	return book_magic(path) != BOOK_NONE;
}

struct sheet *
sheet_read(const char *path, const char *want, char *err, size_t cap)
{
	struct gather g = { .err = err, .errcap = cap };
	struct sheet *s = NULL;
	char *name = NULL;
	const char *format;
	zip_t *z;
	int zerr = 0;
	size_t i;

	LIBXML_TEST_VERSION
	if (book_magic(path) == BOOK_OLE2)
		return sheet_read_xls(path, want, err, cap);
	if ((z = zip_open(path, ZIP_RDONLY, &zerr)) == NULL) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, zerr);
		snprintf(err, cap, "%s", zerr == ZIP_ER_NOZIP ? "not a workbook: neither a zip archive "
		    "(.xlsx, .ods) nor an Excel 97-2003 file (.xls)" : zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return NULL;
	}
	if (zip_name_locate(z, "xl/workbook.xml", 0) >= 0) {
		format = "xlsx";
		if (xlsx_read(z, want, &name, &g) == 0)
			s = build(&g, name, format);
		else
			free(name);
	} else {
		format = "ods";
		if (ods_read(z, want, &name, &g) == 0)
			s = build(&g, name, format);
		else
			free(name);
	}
	zip_discard(z);
	for (i = 0; i < g.n; i++)
		free(g.cells[i].text);
	free(g.cells);
	free(g.spans);
	free(g.hidden);
	return s;
}

void
sheet_free(struct sheet *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nrows * s->ncols; i++)
		free(s->cell[i]);
	free(s->cell);
	free(s->stored);
	free(s->line);
	free(s->name);
	free(s);
}
