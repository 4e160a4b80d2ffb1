/* Where the reference tables (data/) are found at run time. */
#ifndef MIPEXR_DATADIR_H
#define MIPEXR_DATADIR_H

/* Returns a newly allocated path to data file name (e.g. "nuts_codes.tsv"),
 * looking in $MIPEXR_DATA, then ../share/mipexr beside the executable (an
 * installed copy), then the source tree's data/ the binary was built from.
 * The caller frees it. If none has the file, returns the last candidate, so
 * that opening it fails with a message naming a real place. */
char *data_path(const char *name);

#endif
