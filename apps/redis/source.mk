# SPDX-License-Identifier: BSD-3-Clause
#
# Redis's source: Debian's source package redis, through the kit's recipe
# (support/build/debian-source.mk): fetched at build time (never
# committed), checked by sha256, unpacked with Debian's whole patch
# series (its CVE fixes, some to the Lua interpreter redis carries in
# deps/), and listed by the `prepare` hook. That is done once, in a
# folder of the cache named after a hash of what goes in (the package,
# its checksums, the patches, these files):
#
#   ~/.cache/unikit/redis/<version>-<key>/src/   the unpacked, patched tree
#
# Debian's orig tarball is upstream's: it still has deps/ (hiredis, Lua
# 5.1 with redis's cjson, cmsgpack, struct and bit modules, hdr_histogram,
# jemalloc). Debian links its own libjemalloc; the image uses what is in
# the tarball (README.md says why and how the allocator was picked).
#
#   make -f apps/redis/source.mk     # prints the folder on stdout
#
# REDIS_TARBALL=path uses an orig tarball you already have.
REDIS_STANDALONE := $(if $(filter 1,$(words $(MAKEFILE_LIST))),y)
REDIS_BASE := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))

# deb12u7 is listed too; deb12u10's files are the ones the mirror serves.
REDIS_VERSION := 5:7.0.15-1~deb12u10
REDIS_FILES := redis_7.0.15.orig.tar.gz=4b1dc4ee6d622a09fff9c6777191209750fb5e5a725ef78ea012d6eef4c22982 \
	redis_7.0.15-1~deb12u10.debian.tar.xz=77d8423c427657bb2f5b635f51184e8064a51c93fcbd7519146da587a8361bbc
# Debian's patches (debian/patches/series, in its order): its redis.conf
# defaults (the image has its own redis.conf) and fixes, all but 0004,
# USE_SYSTEM_JEMALLOC, which is for Debian's own libjemalloc (unprefixed):
# its `#if defined(USE_JEMALLOC) && (USE_SYSTEM_JEMALLOC == yes)` holds
# whenever USE_JEMALLOC does (both names are undefined, so 0 == 0) and
# renames je_mallctl to a mallctl that the jemalloc of redis's deps/
# (prefix je_) does not have.
REDIS_DEBIAN_PATCHES := \
	debian-packaging/0001-Set-Debian-configuration-defaults.patch \
	0001-Fix-FTBFS-on-kFreeBSD.patch \
	0002-Add-CPPFLAGS-to-upstream-makefiles.patch \
	0003-Use-get_current_dir_name-over-PATHMAX.patch \
	0001-Apply-security-fixes-for-CVEs-1113.patch \
	0001-Fix-LUA-garbage-collector-CVE-2024-46981-1513.patch \
	0002-Fix-Read-Write-key-pattern-selector-CVE-2024-51741-1.patch \
	0001-Limiting-output-buffer-for-unauthenticated-client-CV.patch \
	0005-CVE-2025-27151.patch 0006-CVE-2025-32023.patch \
	0007-CVE-2025-48367.patch CVE-2025-46817.patch CVE-2025-46818.patch \
	CVE-2025-49844.patch CVE-2025-46819.patch CVE-2025-67733.patch \
	CVE-2026-21863.patch CVE-2026-23631.patch CVE-2026-25243.patch \
	CVE-2026-66373.patch CVE-2026-81934.patch CVE-2026-92925.patch

UK_ROOT ?= $(abspath $(REDIS_BASE)/../..)
include $(UK_ROOT)/support/build/cached-source.mk
$(eval $(call uk_cached_source,REDIS,redis,$(REDIS_BASE)))
