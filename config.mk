# mipexr build configuration: edit here, not in the Makefile.
VERSION = 0.1

PREFIX = /usr/local
BINDIR = $(PREFIX)/bin
DATADIR = $(PREFIX)/share/mipexr
MANDIR = $(PREFIX)/share/man

# O is the build directory; the sanitizer build uses O=build/san SAN=1.
O = build

CC = cc
CPPFLAGS = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Ilib -I/usr/include/libxml2 -DMIPEXR_SRCDATA=\"$(CURDIR)/data\"
CFLAGS = -std=c11 -O2 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
LDFLAGS =
LDLIBS = -lcsv -lpcre2-8 -ljansson -lzip -lxml2 -lfreexl -lxlsxwriter -lz -lm

SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
