# mipexr: see README.md. Settings live in config.mk.
include config.mk

ifeq ($(SAN),1)
CFLAGS += $(SANFLAGS)
LDFLAGS += $(SANFLAGS)
endif

LIBSRC = $(wildcard lib/*.c)
LIBHDR = $(wildcard lib/*.h)
LIBOBJ = $(LIBSRC:%.c=$(O)/%.o)
LIBA = $(O)/libmipexr.a
CMDS = $(patsubst cmd/%.c,%,$(wildcard cmd/*.c))
BINS = $(CMDS:%=$(O)/bin/mipexr-%)
UNITSRC = $(wildcard tests/unit/test_*.c)
UNITS = $(UNITSRC:tests/unit/%.c=$(O)/unit/%)
MANS = $(wildcard docs/*.1)

all: $(BINS)

$(O)/lib/%.o: lib/%.c $(LIBHDR) config.mk
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(O)/cmd/%.o: cmd/%.c $(LIBHDR) config.mk
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(LIBA): $(LIBOBJ)
	rm -f $@
	$(AR) rcs $@ $(LIBOBJ)

$(O)/bin/mipexr-%: $(O)/cmd/%.o $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $< $(LIBA) $(LDLIBS)

$(O)/unit/%: tests/unit/%.c tests/unit/unit.h $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBA) $(LDLIBS)

deps:
	@scripts/deps build

deps-test:
	@scripts/deps test

build: deps
	@$(MAKE) --no-print-directory all

demo: deps
	@$(MAKE) --no-print-directory all
	@pipelines/demo

units: $(UNITS)

# The tests: unit tests of lib/, the case folders, both again under ASan+UBSan.
check: deps-test
	@$(MAKE) --no-print-directory lint-man
	@$(MAKE) --no-print-directory all units
	@$(MAKE) --no-print-directory all units CC=clang O=build/clang
	@echo "== tests, $(CC) build"
	@$(MAKE) --no-print-directory test O=$(O)
	@$(MAKE) --no-print-directory all units O=build/san SAN=1
	@echo "== tests again, ASan+UBSan build"
	@$(MAKE) --no-print-directory test O=build/san SAN=1

test: all units
	@tests/run $(O)

lint-man:
	@if [ -n "$(MANS)" ]; then mandoc -Tlint -Wwarning $(MANS) && echo "man pages: mandoc -Tlint clean"; fi

check-valgrind: all units
	@MIPEXR_VALGRIND=1 tests/run $(O)

bench: all
	@bench/run $(O)

# libFuzzer harnesses of fuzz/, each for FUZZ_SECONDS (default 60)
fuzz:
	@fuzz/run

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)/man1
	cp -f $(BINS) $(DESTDIR)$(BINDIR)/
	if [ -d data ]; then cp -Rf data/. $(DESTDIR)$(DATADIR)/; fi
	if [ -n "$(MANS)" ]; then cp -f $(MANS) $(DESTDIR)$(MANDIR)/man1/; fi

clean:
	rm -rf build

.PHONY: all deps deps-test build demo units check test lint-man check-valgrind bench fuzz install clean
.SECONDARY:
