# ctbox - conntrack-tools in one small binary.  See README.
# Toolchain knobs (override on the command line):
#   make CC=musl-gcc STATIC=1 SYSROOT=/path/to/musl/sysroot
VERSION  = 0.1
PREFIX   = /usr/local
SBINDIR  = $(PREFIX)/sbin
MANDIR   = $(PREFIX)/share/man
DESTDIR  =
CC      ?= cc
PKG_CONFIG ?= pkg-config
STATIC   =
SYSROOT  =

WARN     = -Wall -Wextra -Wno-unused-parameter -Wshadow -Wstrict-prototypes
CFLAGS  ?= -O2 -g
CPPFLAGS += -D_GNU_SOURCE -DCTBOX_VERSION=\"$(VERSION)\" -I. -Ilib
LIBS_PC  = libmnl

ifneq ($(SYSROOT),)
PKG_ENV  = PKG_CONFIG_SYSROOT_DIR=$(SYSROOT) PKG_CONFIG_LIBDIR=$(SYSROOT)/usr/lib/pkgconfig:$(SYSROOT)/usr/share/pkgconfig
CPPFLAGS += --sysroot=$(SYSROOT)
LDFLAGS  += --sysroot=$(SYSROOT)
endif
ifneq ($(STATIC),)
PC_STATIC = --static
LDFLAGS  += -static
endif

PC_CFLAGS := $(shell $(PKG_ENV) $(PKG_CONFIG) --cflags $(LIBS_PC) 2>/dev/null)
PC_LIBS   := $(shell $(PKG_ENV) $(PKG_CONFIG) $(PC_STATIC) --libs $(LIBS_PC) 2>/dev/null || echo -lmnl)
CPPFLAGS += $(PC_CFLAGS)

LIB_SRC    = $(sort $(wildcard lib/*.c))
APPLET_SRC = $(sort $(wildcard applets/*.c))
LIB_OBJ    = $(LIB_SRC:.c=.o)
APPLET_OBJ = $(APPLET_SRC:.c=.o)
HDRS       = config.h $(wildcard lib/*.h)

# mini-netfilter (the user-space stand-in kernel for tests, see
# mini-netfilter/README) is a glibc LD_PRELOAD tool: not part of static builds.
all: ctbox $(if $(STATIC),,mini-netfilter)

mini-netfilter:
	$(MAKE) -C mini-netfilter CC="$(CC)"

# Made once; afterwards it is the user's file.  A stale one is caught by
# the CTBOX_CONFIG_VERSION check in main.c.
config.h:
	cp config.def.h $@

$(LIB_OBJ) $(APPLET_OBJ) main.o: $(HDRS)

.c.o:
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -c -o $@ $<

libctbox.a: $(LIB_OBJ)
	rm -f $@ && $(AR) rcs $@ $(LIB_OBJ)

ctbox: main.o $(APPLET_OBJ) libctbox.a
	$(CC) $(LDFLAGS) -o $@ main.o $(APPLET_OBJ) libctbox.a $(PC_LIBS) $(LDLIBS)

# Debian ships no libmnl.a: say so before anything is compiled, instead
# of a wall of compiler or linker errors.
ifneq ($(STATIC),)
MNL_LIBDIR := $(shell $(PKG_ENV) $(PKG_CONFIG) --variable=libdir libmnl 2>/dev/null)
ifeq ($(wildcard $(SYSROOT)$(MNL_LIBDIR)/libmnl.a $(MNL_LIBDIR)/libmnl.a),)
$(info make STATIC=1: no static libmnl (libmnl.a) found$(if $(MNL_LIBDIR), in $(SYSROOT)$(MNL_LIBDIR)).)
$(info Debian ships none. Point SYSROOT= at a musl sysroot that has libmnl.a and)
$(info libnetfilter_queue.a: an OpenWrt SDK's staging_dir/target-*, Alpine's libmnl-static,)
$(info Buildroot's output/staging. E.g. make STATIC=1 CC=musl-gcc SYSROOT=/opt/sysroot)
$(error static build impossible without libmnl.a)
endif
endif

static:
	$(MAKE) STATIC=1

APPLETS = $(basename $(notdir $(APPLET_SRC)))
install: ctbox
	install -d $(DESTDIR)$(SBINDIR)
	install -m 755 ctbox $(DESTDIR)$(SBINDIR)/ctbox
	for a in $$(./ctbox --list); do ln -sf ctbox $(DESTDIR)$(SBINDIR)/$$a; done
	install -d $(DESTDIR)$(MANDIR)/man8
	for m in doc/*.8; do [ -f "$$m" ] && install -m 644 $$m $(DESTDIR)$(MANDIR)/man8/ || true; done

size: ctbox
	@size ctbox main.o $(APPLET_OBJ) $(LIB_OBJ)
	@ls -l ctbox

check: ctbox $(if $(STATIC),,mini-netfilter)
	./tests/run-all.sh

clean:
	rm -f ctbox main.o $(APPLET_OBJ) $(LIB_OBJ) libctbox.a
	$(MAKE) -C tests clean 2>/dev/null || true
	$(MAKE) -C mini-netfilter clean

.PHONY: all mini-netfilter static install size check clean
