# SPDX-License-Identifier: BSD-3-Clause
#
# Tools. CROSS_COMPILE prefixes the target tools; a missing tool stops the
# build with the Debian package that provides it.

CROSS_COMPILE ?=
CC	:= $(CROSS_COMPILE)gcc
LD	:= $(CROSS_COMPILE)ld
NM	:= $(CROSS_COMPILE)nm
OBJCOPY	:= $(CROSS_COMPILE)objcopy
AR	:= $(CROSS_COMPILE)ar
HOSTCC	?= gcc
AWK	?= awk

need-tool = $(if $(shell command -v $(1) 2>/dev/null),,\
	$(error $(1) not found: apt-get install $(2) (or run support/scripts/install-deps)))
$(call need-tool,$(CC),gcc)
$(call need-tool,$(LD),binutils)
$(call need-tool,$(NM),binutils)
$(call need-tool,$(OBJCOPY),binutils)
$(call need-tool,$(AR),binutils)
$(call need-tool,$(AWK),mawk)

CC_INCLUDE_DIR := $(shell $(CC) -print-file-name=include)
LIBGCC := $(shell $(CC) -print-libgcc-file-name)

UK_OPT_FLAGS = $(if $(CONFIG_OPTIMIZE_SIZE),-Os,$(if $(CONFIG_OPTIMIZE_DEBUG),-Og,-O2))
