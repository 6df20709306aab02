# SPDX-License-Identifier: BSD-3-Clause
#
# A third-party tree prepared once into the cache and shared by every
# checkout, copy of the app and configuration, for sources whose
# preparation is long (redis's deps, SQLite's amalgamation). The folder
# is named after a hash of what goes in: the package's version, files
# and Debian patches, and the contents of the app's recipe files (not
# their paths).
#
#   $(eval $(call uk_cached_source,ID,NAME,BASE))
#
#   ID     prefix: ID_VERSION, ID_FILES and ID_DEBIAN_PATCHES are read,
#          ID_SRC_DIR (the folder) is set; ID_STANDALONE=y: see below
#   NAME   the cache's subfolder: UK_CACHE/NAME/VERSION-KEY (a ':' of
#          the version becomes '_')
#   BASE   the app's folder, with source.mk (the caller), prepare,
#          patches/*.patch and build.mk, whose `source` target fills the
#          folder
#
# With ID_STANDALONE=y (source.mk is make's first makefile) the default
# goal makes the folder, under the lock that image builds take too, and
# prints its path on stdout (progress goes to stderr).

UK_CACHE ?= $(or $(UNIKIT_CACHE),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/unikit)

define uk_cached_source
$(1)_SRC_INPUTS := $(3)/source.mk $(3)/prepare \
	$$(wildcard $(3)/patches/*.patch) \
	$(UK_ROOT)/support/build/cached-source.mk \
	$(UK_ROOT)/support/build/debian-source.mk \
	$(UK_ROOT)/support/scripts/debian-source
$(1)_SRC_KEY := $$(shell { echo '$$($(1)_VERSION) $$($(1)_FILES)' \
	'$$($(1)_DEBIAN_PATCHES)'; cat $$($(1)_SRC_INPUTS); } | \
	sha256sum | cut -c1-16)
$(1)_SRC_DIR := $(UK_CACHE)/$(2)/$$(subst :,_,$$($(1)_VERSION))-$$($(1)_SRC_KEY)

ifeq ($$($(1)_STANDALONE),y)
ifeq ($$(V),1)
  Q :=
  quiet :=
else
  Q := @
  quiet := quiet_
endif
MAKEFLAGS += --no-builtin-rules --no-builtin-variables --no-print-directory
.DEFAULT_GOAL := print-dir
.PHONY: print-dir
print-dir:
	$$(Q)mkdir -p $$($(1)_SRC_DIR)
	$$(Q)flock $$($(1)_SRC_DIR)/.lock $$(MAKE) -f $(3)/build.mk \
		UK_ROOT=$(UK_ROOT) UK_CACHE=$(UK_CACHE) Q=$$(Q) \
		quiet=$$(quiet) source >&2
	@echo $$($(1)_SRC_DIR)
endif
endef
