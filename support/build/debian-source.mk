# SPDX-License-Identifier: BSD-3-Clause
#
# The one recipe for third-party code: Debian's source package, pinned to
# a version and the sha256 of each file, fetched once into the cache,
# unpacked into a folder of the build, patched by Debian's patches (those
# asked for) and then by the library's own patches/, and listed by the
# library's hook script:
#
#   $(eval $(call uk_debian_source,ID,PACKAGE,VERSION,FILES,DIR,PATCHDIR,
#                 DEBIAN_PATCHES,HOOK,PINNED_IN))
#
#   ID         prefix of the variables: ID_SRC is the unpacked tree;
#              the user may pass ID_TARBALL=path (the upstream tarball)
#   FILES      "NAME=SHA256 ...": the .orig tarball first, and the
#              .debian.tar.* when DEBIAN_PATCHES is not empty
#   DIR        where it is unpacked (DIR/src); DIR/sources.mk, which the
#              hook writes, is included
#   PATCHDIR   our patches, *.patch applied in name order
#   DEBIAN_PATCHES  names from the package's debian/patches, or "series"
#   HOOK       `HOOK SRC DIR` writes DIR/sources.mk (empty: none)
#   PINNED_IN  the file that pins the version, for messages
#
# It is unpacked again only when an input changes: the package, version,
# checksums, the list of patches (a source-id file rewritten only then),
# a patch file, the hook, or the recipe's scripts.

# (Arguments are stripped: a continued call line gives them leading blanks.)
uk_debian_source = $(eval $(call uk_debian_source_,$(strip $(1)),$(strip \
	$(2)),$(strip $(3)),$(strip $(4)),$(strip $(5)),$(strip $(6)),$(strip \
	$(7)),$(strip $(8)),$(strip $(9))))

define uk_debian_source_
$(1)_SRC := $(5)/src
$(1)_SOURCE_ID := $(2) $(3) $(4) $(7) $(notdir $(wildcard $(6)/*.patch))
$$(shell mkdir -p $(5))
$(5)/source-id: FORCE
	$$(if $$(call str-eq,$$(file <$$@),$$($(1)_SOURCE_ID)),,\
		$$(file >$$@,$$($(1)_SOURCE_ID)))@:
$(5)/sources.mk: $(5)/source-id $(wildcard $(6)/*.patch) $(8) \
		$(UK_ROOT)/support/scripts/debian-source \
		$(UK_ROOT)/support/scripts/fetch-source
	$$(Q)$(UK_ROOT)/support/scripts/debian-source '$(2)' '$(3)' '$(4)' \
		'$$($(1)_TARBALL)' '$(1)_TARBALL' '$(5)' '$(6)' '$(7)' '$(8)' \
		'$(9)'
include $(5)/sources.mk
endef
