/* libFuzzer: the workbook readers (.xlsx, .ods) and normalise's
 * reading of their grid. The first byte picks what the rest is: the whole
 * file, or one XML part of an otherwise valid workbook, zipped in memory
 * (mutations of the XML reach the readers; mutations of a zip mostly reach
 * libzip's checks). Its high bits pick the sheet asked for. An .xls is not
 * fuzzed: the first minute found an over-read of a stack buffer inside
 * FreeXL 1.0.6 (a crafted string record), which lib/ cannot mend. */
#include "fuzz.h"

#include <string.h>

#include <zip.h>

#include "workbook.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define XML "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define MAIN "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/* The parts of a small valid .xlsx; the fuzzed one replaces its namesake. */
static const char *const xlsx_parts[][2] = {
	{ "xl/workbook.xml", XML "<workbook " MAIN " xmlns:r=\"" REL "\"><workbookPr/><sheets>"
	    "<sheet name=\"Datos\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>" },
	{ "xl/_rels/workbook.xml.rels", XML "<Relationships xmlns=\"http://schemas.openxmlformats.org/"
	    "package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"" REL "/worksheet\" "
	    "Target=\"worksheets/sheet1.xml\"/></Relationships>" },
	{ "xl/styles.xml", XML "<styleSheet " MAIN "><numFmts count=\"1\"><numFmt numFmtId=\"164\" "
	    "formatCode=\"0.0\"/></numFmts><cellXfs count=\"3\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/>"
	    "<xf numFmtId=\"10\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>" },
	{ "xl/sharedStrings.xml", XML "<sst " MAIN "><si><t>geo</t></si><si><t>2021</t></si>"
	    "<si><r><t>ES</t></r><r><t>51</t></r></si></sst>" },
	{ "xl/worksheets/sheet1.xml", XML "<worksheet " MAIN "><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\">"
	    "<v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c>"
	    "<c r=\"B2\" s=\"2\"><v>0.612</v></c><c r=\"C2\" s=\"3\"><v>45382</v></c></row></sheetData>"
	    "<mergeCells><mergeCell ref=\"A2:A3\"/></mergeCells></worksheet>" },
};

/* A zip of the parts in memory, part `fuzzed` (or content.xml when ods)
 * being data; into a fresh memory file. Returns its descriptor. */
static int
zipped(const uint8_t *data, size_t size, int fuzzed, int ods, char *path, size_t cap)
{
	zip_error_t err;
	zip_source_t *src, *part;
	zip_stat_t st;
	zip_t *z;
	char *buf;
	size_t i, n = sizeof xlsx_parts / sizeof xlsx_parts[0];
	int fd;

	zip_error_init(&err);
	if ((src = zip_source_buffer_create(NULL, 0, 0, &err)) == NULL ||
	    (z = zip_open_from_source(src, ZIP_TRUNCATE, &err)) == NULL)
		abort();
	zip_source_keep(src);
	for (i = 0; i < (ods ? 1 : n); i++) {
		const char *name = ods ? "content.xml" : xlsx_parts[i][0];
		int mine = ods || (int)i == fuzzed;

		part = zip_source_buffer(z, mine ? (const void *)data : xlsx_parts[i][1],
		    mine ? size : strlen(xlsx_parts[i][1]), 0);
		if (part == NULL || zip_file_add(z, name, part, ZIP_FL_OVERWRITE) < 0)
			abort();
	}
	if (zip_close(z) != 0 || zip_source_stat(src, &st) != 0 || zip_source_open(src) != 0)
		abort();
	buf = malloc(st.size + 1);
	if (buf == NULL || zip_source_read(src, buf, st.size) != (zip_int64_t)st.size)
		abort();
	zip_source_close(src);
	zip_source_free(src);
	fd = fuzz_file((const uint8_t *)buf, st.size, path, cap);
	free(buf);
	return fd;
}

/* The grid through normalise's reader of a wide table, its output thrown away. */
static void
import_grid(const char *path, const char *want)
{
	struct import_options opt = { .source = "fuzz", .wide = 1, .geo = "geo", .sheet = want };
	struct import *in;

	if (import_open(&in, path, &opt) == 0)
		fuzz_import_write(in, 0, 63);
	import_close(in);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const wants[] = { NULL, "Datos", "2", "1" };
	const char *want;
	struct sheet *s;
	char path[64], err[512];
	unsigned mode;
	int fd;

	if (size == 0)
		return 0;
	mode = data[0] & 7;
	want = wants[(data[0] >> 3) & 3];
	data++, size--;
	if (mode == 0 && size >= 8 && memcmp(data, "\320\317\021\340\241\261\032\341", 8) == 0)
		return 0;	/* an .xls: FreeXL 1.0.6's own over-read (docs/onboarding.md) */
	if (mode == 0)
		fd = fuzz_file(data, size, path, sizeof path);	/* a whole .xlsx or .ods */
	else if (mode <= 5)
		fd = zipped(data, size, (int)mode - 1, 0, path, sizeof path);
	else
		fd = zipped(data, size, -1, 1, path, sizeof path);
	if ((s = sheet_read(path, want, err, sizeof err)) != NULL)
		sheet_free(s);
	if (data[-1] & 0x20)
		import_grid(path, want);
	close(fd);
	return 0;
}
