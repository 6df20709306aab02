# SPDX-License-Identifier: BSD-3-Clause
#
# SQLite's source: Debian's source package sqlite3, through the kit's
# recipe (support/build/debian-source.mk): fetched at build time (never
# committed), checked by sha256, unpacked with the Debian fixes named
# below, and turned into the amalgamation (sqlite3.c, sqlite3.h, shell.c)
# by SQLite's own configure and Makefile (the `prepare` hook). That is
# done once, in a folder of the cache named after a hash of what goes in
# (the package, its checksums, the patches, these files):
#
#   ~/.cache/unikit/sqlite/<version>-<key>/src/   the unpacked, patched tree
#                                          gen/   sqlite3.c sqlite3.h shell.c
#
# Read by Makefile.uk (the image), and alone by
# support/bench/linux-vm/build, which builds speedtest1 for Linux from the
# same files:
#
#   make -f apps/sqlite/source.mk     # prints the folder on stdout
#
# SQLITE_TARBALL=path uses an orig tarball you already have.
SQLITE_STANDALONE := $(if $(filter 1,$(words $(MAKEFILE_LIST))),y)
SQLITE_BASE := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))

SQLITE_VERSION := 3.40.1-2+deb12u2
SQLITE_FILES := sqlite3_3.40.1.orig.tar.xz=aaa776260ab4dc976db34aa7891819484c8676b5b2783123ebc6301e2ca5d655 \
	sqlite3_3.40.1-2+deb12u2.debian.tar.xz=0843bc12e4364076477935ce313a6d0796fd899a989ff18ebb6545540e10e4ca
# Debian's fixes to code that this build compiles (README.md says why
# these and not the others): a stack overflow in window functions, a
# wrong result of the NOT NULL/IS NULL optimization, CVE-2025-6965.
SQLITE_DEBIAN_PATCHES := \
	0002-Avoid-a-stack-overflow-that-could-be-caused-by-a-rec.patch \
	41-fix_a_bug_in_the_NOT_NULL-IS_NULL_optimization.patch \
	42-CVE-2025-6965.patch

# The compile-time options, shared with the Linux side (see the file).
SQLITE_DEFINES := $(shell sed -e 's/\#.*//' $(SQLITE_BASE)/defines)

UK_ROOT ?= $(abspath $(SQLITE_BASE)/../..)
include $(UK_ROOT)/support/build/cached-source.mk
$(eval $(call uk_cached_source,SQLITE,sqlite,$(SQLITE_BASE)))
SQLITE_GEN := $(SQLITE_SRC_DIR)/gen
