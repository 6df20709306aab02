# SPDX-License-Identifier: BSD-3-Clause
#
# Builds SQLite once into folders of the cache (Makefile.uk and
# source.mk run this under the source folder's lock):
#
#   source  unpacks Debian's package into $(SQLITE_SRC_DIR) and generates
#           the amalgamation (source.mk, prepare)
#   lib     compiles sqlite3.c, shell.c and test/speedtest1.c with the
#           image's code generation flags and SQLite's options (defines)
#           into $(SQLITE_LIB_DIR)/libsqlite3.a; the two programs' main()
#           become sqlite3_shell_main() and speedtest1_main(), which the
#           app's main.c calls
#
# For `lib`, SQLITE_CONFIG names a file with SQLITE_LIB_DIR, SQLITE_CFLAGS,
# CC and AR. Nothing here depends on the app's configuration other than
# through those flags, and the lib folder's name is a hash of them: it is
# never stale and every build with the same flags links it.
MAKEFLAGS += --no-builtin-rules --no-builtin-variables
.DEFAULT_GOAL := lib
.SUFFIXES:
.DELETE_ON_ERROR:
sqlite-here := $(dir $(lastword $(MAKEFILE_LIST)))
ifneq ($(SQLITE_CONFIG),)
include $(SQLITE_CONFIG)
endif
include $(sqlite-here)source.mk
include $(UK_ROOT)/support/build/rules.mk
include $(UK_ROOT)/support/build/debian-source.mk

# Unpack, patch, generate: writes $(SQLITE_SRC_DIR)/sources.mk (read here:
# SQLITE_SHELL_C, SQLITE_AMALGAMATION_C, SQLITE_SPEEDTEST1_C).
$(eval $(call uk_debian_source,SQLITE,sqlite3,$(SQLITE_VERSION),\
	$(SQLITE_FILES),$(SQLITE_SRC_DIR),$(SQLITE_BASE)/patches,\
	$(SQLITE_DEBIAN_PATCHES),$(SQLITE_BASE)/prepare,\
	$(SQLITE_BASE)/source.mk))

source: $(SQLITE_SRC_DIR)/sources.mk
	@:
# A build that waited for the lock while another made the folder finds
# it complete (its objects are gone by then: nothing to remake).
ifeq ($(wildcard $(SQLITE_LIB_DIR)/built.mk),)
lib: $(SQLITE_LIB_DIR)/built.mk
else
lib:
	@:
endif
.PHONY: source lib

SQLITE_OBJ := $(SQLITE_LIB_DIR)/obj
SQLITE_OBJS := $(SQLITE_OBJ)/sqlite3.o $(SQLITE_OBJ)/shell.o \
	$(SQLITE_OBJ)/speedtest1.o

quiet_cmd_sqlite_cc = CC      sqlite: $(notdir $<)
      cmd_sqlite_cc = $(CC) $(SQLITE_CFLAGS) $(sqlite-main) \
	-I$(SQLITE_GEN) -c $< -o $@

$(SQLITE_OBJ)/shell.o: sqlite-main := -Dmain=sqlite3_shell_main
$(SQLITE_OBJ)/speedtest1.o: sqlite-main := -Dmain=speedtest1_main

$(SQLITE_OBJ)/sqlite3.o: $(SQLITE_AMALGAMATION_C) $(SQLITE_SRC_DIR)/sources.mk
	$(call cmd,sqlite_cc)
$(SQLITE_OBJ)/shell.o: $(SQLITE_SHELL_C) $(SQLITE_SRC_DIR)/sources.mk
	$(call cmd,sqlite_cc)
$(SQLITE_OBJ)/speedtest1.o: $(SQLITE_SPEEDTEST1_C) $(SQLITE_SRC_DIR)/sources.mk
	$(call cmd,sqlite_cc)

quiet_cmd_sqlite_ar = AR      sqlite: $(notdir $@)
      cmd_sqlite_ar = rm -f $@ && $(AR) rcsD $@ $^

$(SQLITE_LIB_DIR)/libsqlite3.a: $(SQLITE_OBJS)
	$(call cmd,sqlite_ar)

# Written last: its existence says the folder is complete.
$(SQLITE_LIB_DIR)/built.mk: $(SQLITE_LIB_DIR)/libsqlite3.a
	@echo "  SQLITE  built into $(SQLITE_LIB_DIR)"
	@echo '# SQLite is built: $(SQLITE_VERSION)' > $@
	@rm -rf $(SQLITE_OBJ)
