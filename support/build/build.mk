# SPDX-License-Identifier: BSD-3-Clause
#
# Phase 2 of the build: read the configuration, let every selected library
# register its sources, and compile and link exactly those.

include $(UK_ROOT)/support/build/rules.mk

# A recipe that fails leaves no half-made target behind.
.DELETE_ON_ERROR:
include $(UK_ROOT)/support/build/toolchain.mk
include $(UK_ROOT)/support/build/debian-source.mk

# Downloads and the libc build, shared by every app (fetch-source uses the
# same folder).
UK_CACHE := $(or $(UNIKIT_CACHE),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/unikit)

# --- configuration: .config -> config.mk, config.h, per-symbol stamps -------
KCONFIG_FILES := $(UK_ROOT)/Kconfig \
	$(wildcard $(UK_ROOT)/arch/*/Config.uk $(UK_ROOT)/plat/*/Config.uk \
		   $(UK_ROOT)/lib/*/Config.uk $(UK_ROOT)/libs/*/Config.uk \
		   $(UK_APP)/Config.uk)

# The list of Kconfig files of the last sync: one removed since (a library
# folder deleted) is no prerequisite any more, so compare the lists.
-include $(BUILD)/kconfig-files.mk
#
# A configuration that cannot be used leaves a config.mk that says why,
# dated 1970 so that the next make tries again: make stops with one line
# once it has remade config.mk, rather than with no config.mk, which would
# add make's own "No such file" complaint.
uk-config-stop = { printf '%s\n' 'UK_CONFIG_ERROR := $(1)' > $@; \
	touch -d @0 $@; }
# (No .config, say removed since the last build: made again from the
# defconfig, not the stale config.mk kept.)
$(BUILD)/config.mk: $(wildcard $(UK_CONFIG)) $(KCONFIG_FILES) \
		$(if $(call str-eq,$(KCONFIG_FILES),$(UK_SYNCED_KCONFIG_FILES)),,FORCE) \
		$(if $(wildcard $(UK_CONFIG)),,FORCE)
	$(Q)mkdir -p $(BUILD)
	$(Q)if [ ! -f $(UK_CONFIG) ]; then \
		if [ -f $(UK_DEFCONFIG) ]; then \
			echo "  CONFIG  no .config in $(UK_APP) yet: using its defconfig (change it with 'make menuconfig')"; \
			$(KCONFIG) defconfig || $(call uk-config-stop,the defconfig is invalid (see above)); \
		else \
			echo "error: no .config in $(UK_APP) and no defconfig to start from: run 'make menuconfig'" >&2; \
			$(call uk-config-stop,no configuration); \
		fi; \
	fi; \
	if [ -f $(UK_CONFIG) ]; then \
		if $(KCONFIG) syncconfig; then \
			echo 'UK_SYNCED_KCONFIG_FILES := $(KCONFIG_FILES)' > $(BUILD)/kconfig-files.mk; \
		else \
			$(call uk-config-stop,the configuration is invalid (see above)); \
		fi; \
	fi

include $(BUILD)/config.mk

ifneq ($(UK_CONFIG_ERROR),)
# (a stale one read before it was remade: the restart decides)
ifneq ($(MAKE_RESTARTS),)
$(error stopped: $(UK_CONFIG_ERROR))
endif
else ifneq ($(wildcard $(BUILD)/config.mk),)
# (without config.mk, make makes it and starts over before any of this)
include $(UK_ROOT)/support/build/image.mk
endif
