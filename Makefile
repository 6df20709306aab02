# SPDX-License-Identifier: BSD-3-Clause
#
# Unikit: compose an application and the kernel microlibraries it needs into
# one bootable image. `make help` lists the targets and variables.
#
# Phase 1 (this file) picks the app, the build directory and the Kconfig
# front end. Phase 2 (support/build/build.mk) is read only for build targets,
# after .config has been turned into $(BUILD)/config.mk.

UK_ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))

MAKEFLAGS += --no-builtin-rules --no-builtin-variables --no-print-directory
.SUFFIXES:
.DEFAULT_GOAL := all

# --- which app -------------------------------------------------------------
# `make -C apps/foo` (through the app's two-line Makefile) builds the app in
# the current directory; `make` at the root builds apps/helloworld; `A=dir`
# picks any app, in the tree or not.
ifeq ($(origin A),undefined)
  ifeq ($(CURDIR),$(UK_ROOT))
    A := $(UK_ROOT)/apps/helloworld
  else
    A := $(CURDIR)
  endif
endif
UK_APP := $(patsubst %/,%,$(abspath $(A)))
UK_APP_NAME := $(notdir $(UK_APP))

# Goals that need no app at all (a bad A= does not stop them).
app-free-goals := help install-deps test bench
ifneq ($(filter-out $(app-free-goals),$(or $(MAKECMDGOALS),all)),)
ifeq ($(wildcard $(UK_APP)/Makefile.uk),)
  ifeq ($(wildcard $(UK_APP)/.),)
    $(error unknown app directory '$(A)': no such directory (pick an app with A=path/to/app, e.g. A=apps/helloworld))
  else
    $(error '$(A)' is not an app directory: it has no Makefile.uk (see docs/app.md))
  endif
endif
endif

# --- where the build goes ---------------------------------------------------
O ?= $(UK_APP)/build
BUILD := $(patsubst %/,%,$(abspath $(O)))
UK_CONFIG := $(UK_APP)/.config
UK_DEFCONFIG := $(UK_APP)/defconfig

# --- verbosity (Kbuild style) ----------------------------------------------
ifeq ($(V),1)
  Q :=
  quiet := 
else
  Q := @
  quiet := quiet_
endif

export UK_ROOT UK_APP UK_APP_NAME BUILD V

PYTHON := $(shell $(UK_ROOT)/support/scripts/find-python 2>/dev/null)
KCONFIG = $(if $(PYTHON),$(PYTHON) $(UK_ROOT)/support/scripts/kconfig.py,\
	$(error kconfiglib not found: apt-get install python3-kconfiglib (or run support/scripts/install-deps)))

config-targets := menuconfig defconfig olddefconfig oldconfig savedefconfig \
	listnewconfig randconfig
no-config-targets := help clean distclean properclean install-deps test bench \
	$(config-targets)

goals := $(if $(MAKECMDGOALS),$(MAKECMDGOALS),$(.DEFAULT_GOAL))

# A config or clean target mixed with build targets (`make defconfig run`,
# `make -j clean all`) runs the goals one after the other, so the build
# sees the new .config and nothing races with the cleaning.
serial-targets := $(config-targets) clean properclean distclean
ifneq ($(filter $(serial-targets),$(goals)),)
ifneq ($(filter-out $(filter $(serial-targets),$(goals)),$(goals)),)
mixed-goals := y
endif
endif

ifeq ($(mixed-goals),y)
$(goals): __one_by_one
	@:
.PHONY: __one_by_one $(goals)
__one_by_one:
	$(Q)set -e; for g in $(goals); do \
		$(MAKE) -f $(UK_ROOT)/Makefile A=$(UK_APP) O=$(BUILD) $$g; \
	done
else # !mixed-goals

# --- configuration ----------------------------------------------------------
.PHONY: menuconfig defconfig olddefconfig oldconfig savedefconfig listnewconfig \
	randconfig
menuconfig defconfig olddefconfig oldconfig savedefconfig listnewconfig \
randconfig:
	$(Q)$(KCONFIG) $@

# --- help and cleaning ------------------------------------------------------
.PHONY: help clean distclean properclean install-deps test bench
help:
	@sed -n 's/^#H \{0,1\}//p' $(UK_ROOT)/support/build/help.txt

clean:
	$(Q)rm -rf $(BUILD)/lib $(BUILD)/arch $(BUILD)/plat $(BUILD)/apps \
		$(BUILD)/app $(BUILD)/link $(BUILD)/$(UK_APP_NAME)_*

properclean:
	$(Q)rm -rf $(BUILD)

distclean: properclean
	$(Q)rm -f $(UK_CONFIG) $(UK_CONFIG).old

install-deps:
	$(Q)$(UK_ROOT)/support/scripts/install-deps

# The whole suite (host, build and boot tests), whatever app is selected.
test:
	$(Q)$(UK_ROOT)/support/scripts/test $(if $(K),-k "$(K)")

bench:
	$(Q)$(UK_ROOT)/support/scripts/bench

# --- everything else needs a configuration ----------------------------------
ifeq ($(filter-out $(no-config-targets),$(goals)),)
# only targets that need no .config were asked for
else
include $(UK_ROOT)/support/build/build.mk
endif

endif # mixed-goals
