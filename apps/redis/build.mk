# SPDX-License-Identifier: BSD-3-Clause
#
# Builds redis-server once into folders of the cache (Makefile.uk and
# source.mk run this under the source folder's lock):
#
#   source  unpacks Debian's package into $(REDIS_SRC_DIR) and lists what
#           redis's own Makefiles build redis-server from (source.mk,
#           prepare)
#   lib     compiles those sources with redis's flags (the Makefiles'
#           STD/WARN/OPT, LUA_CFLAGS, hiredis's and hdr_histogram's) and
#           the image's code generation flags into four archives in
#           $(REDIS_LIB_DIR): redis's src/ (main() is redis's own), Lua,
#           hiredis, hdr_histogram, as redis's Makefile links them; with
#           REDIS_MALLOC=jemalloc a fifth, redis's deps/jemalloc built by
#           its own configure and Makefile (as deps/Makefile does), and
#           src/ compiled with -DUSE_JEMALLOC against its headers
#
# For `lib`, REDIS_CONFIG names a file with REDIS_LIB_DIR, REDIS_CFLAGS,
# REDIS_MALLOC, CC and AR. Nothing here depends on the app's configuration other than
# through those flags, and the lib folder's name is a hash of them: it is
# never stale and every build with the same flags links it.
MAKEFLAGS += --no-builtin-rules --no-builtin-variables
.DEFAULT_GOAL := lib
.SUFFIXES:
.DELETE_ON_ERROR:
redis-here := $(dir $(lastword $(MAKEFILE_LIST)))
ifneq ($(REDIS_CONFIG),)
include $(REDIS_CONFIG)
endif
include $(redis-here)source.mk
include $(UK_ROOT)/support/build/rules.mk
include $(UK_ROOT)/support/build/debian-source.mk

# Unpack, patch, list: writes $(REDIS_SRC_DIR)/sources.mk (read here).
$(eval $(call uk_debian_source,REDIS,redis,$(REDIS_VERSION),\
	$(REDIS_FILES),$(REDIS_SRC_DIR),$(REDIS_BASE)/patches,\
	$(REDIS_DEBIAN_PATCHES),$(REDIS_BASE)/prepare,\
	$(REDIS_BASE)/source.mk))

source: $(REDIS_SRC_DIR)/sources.mk
	@:
# A build that waited for the lock while another made the folder finds
# it complete (its objects are gone by then: nothing to remake).
ifeq ($(wildcard $(REDIS_LIB_DIR)/built.mk),)
lib: $(REDIS_LIB_DIR)/built.mk
else
lib:
	@:
endif
.PHONY: source lib

# Redis's flags without what the image decides itself: position
# independence (the image is not PIC) and debug information.
redis-own = $(filter-out -fPIC -g -ggdb -g3,$(1))
REDIS_TREE := $(REDIS_SRC_DIR)/src
REDIS_OBJ := $(REDIS_LIB_DIR)/obj
REDIS_GROUPS := server lua hiredis hdr
REDIS_JE := $(REDIS_LIB_DIR)/jemalloc
redis-server-dir := $(REDIS_TREE)/src
redis-lua-dir := $(REDIS_TREE)/deps/lua/src
redis-hiredis-dir := $(REDIS_TREE)/deps/hiredis
redis-hdr-dir := $(REDIS_TREE)/deps/hdr_histogram
# src/ sees the deps' headers (src/Makefile's FINAL_CFLAGS).
redis-server-inc := -I$(REDIS_TREE)/deps/hiredis \
	-I$(REDIS_TREE)/deps/lua/src -I$(REDIS_TREE)/deps/hdr_histogram
redis-lua-inc :=
redis-hiredis-inc :=
redis-hdr-inc :=
redis-server-srcs := $(REDIS_SERVER_SRCS)
redis-lua-srcs := $(REDIS_LUA_SRCS)
redis-hiredis-srcs := $(REDIS_HIREDIS_SRCS)
redis-hdr-srcs := $(REDIS_HDR_SRCS)
redis-server-cflags := $(REDIS_SERVER_CFLAGS)
redis-lua-cflags := $(REDIS_LUA_CFLAGS)
redis-hiredis-cflags := $(REDIS_HIREDIS_CFLAGS)
redis-hdr-cflags := $(REDIS_HDR_CFLAGS)
ifeq ($(REDIS_MALLOC),jemalloc)
redis-server-cflags += -DUSE_JEMALLOC
redis-server-inc += -I$(REDIS_JE)/include
endif

quiet_cmd_redis_cc = CC      redis: $(patsubst $(REDIS_TREE)/%,%,$<)
      cmd_redis_cc = $(CC) $(REDIS_CFLAGS) \
	$(call redis-own,$(redis-$(g)-cflags)) $(redis-$(g)-inc) \
	-c $< -o $@
quiet_cmd_redis_ar = AR      redis: $(notdir $@)
      cmd_redis_ar = rm -f $@ && $(AR) rcsD $@ $^

define redis_group
redis-$(1)-objs := $$(patsubst $$(redis-$(1)-dir)/%.c,$$(REDIS_OBJ)/$(1)/%.o,\
	$$(redis-$(1)-srcs))
$$(REDIS_OBJ)/$(1)/%.o: g := $(1)
$$(REDIS_OBJ)/$(1)/%.o: $$(redis-$(1)-dir)/%.c $$(REDIS_SRC_DIR)/sources.mk
	@mkdir -p $$(dir $$@)
	$$(call cmd,redis_cc)
$$(REDIS_LIB_DIR)/libredis-$(1).a: $$(redis-$(1)-objs)
	$$(call cmd,redis_ar)
endef
$(foreach g,$(REDIS_GROUPS),$(eval $(call redis_group,$(g))))

# jemalloc: configured and built by its own configure and Makefile in a
# copy of deps/jemalloc, with deps/Makefile's options and flags and the
# image's code generation (but jemalloc's -O3, not the kit's level).
# For the image, not this machine: --host makes it a cross build (no
# test program is run), and what configure would have measured by
# running one on x86_64 is given (4 KiB pages, 48-bit addresses, 2 MiB
# huge pages). Its link tests link with this machine's libc (-no-pie);
# what they find, musl has too (configure.out lists it).
REDIS_JE_CFLAGS := $(REDIS_JEMALLOC_CFLAGS) \
	$(filter-out -O% -g,$(REDIS_CFLAGS))
quiet_cmd_redis_je = JEMALLOC redis: deps/jemalloc (configure; make)
      cmd_redis_je = rm -rf $(REDIS_JE) && \
	cp -R $(REDIS_TREE)/deps/jemalloc $(REDIS_JE) && \
	cd $(REDIS_JE) && \
	{ env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL ./configure \
		--build=x86_64-pc-linux-gnu --host=x86_64-unikit-linux-musl \
		$(REDIS_JEMALLOC_CONFIGURE) --with-lg-page=12 \
		--with-lg-vaddr=48 --with-lg-hugepage=21 --disable-cxx \
		CC='$(CC)' AR='$(AR)' NM=nm CFLAGS='$(REDIS_JE_CFLAGS)' \
		LDFLAGS=-no-pie >configure.out 2>&1 || \
		{ tail -n 20 configure.out; exit 1; }; } && \
	{ env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL $(MAKE) lib/libjemalloc.a \
		>make.out 2>&1 || { tail -n 20 make.out; exit 1; }; } && \
	mv lib/libjemalloc.a $@
$(REDIS_LIB_DIR)/libredis-jemalloc.a: $(REDIS_SRC_DIR)/sources.mk
	$(call cmd,redis_je)
ifeq ($(REDIS_MALLOC),jemalloc)
REDIS_GROUPS += jemalloc
# src/ includes the jemalloc.h that configure makes
$(redis-server-objs): $(REDIS_LIB_DIR)/libredis-jemalloc.a
endif

# Written last: its existence says the folder is complete (jemalloc's
# headers stay: they are not needed after the build, but are small).
$(REDIS_LIB_DIR)/built.mk: $(foreach g,$(REDIS_GROUPS),\
		$(REDIS_LIB_DIR)/libredis-$(g).a)
	@echo "  REDIS   built into $(REDIS_LIB_DIR)"
	@echo '# redis-server is built: $(REDIS_VERSION)' > $@
	@rm -rf $(REDIS_OBJ) $(REDIS_JE)/src $(REDIS_JE)/test
