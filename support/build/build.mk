# SPDX-License-Identifier: BSD-3-Clause
#
# Phase 2 of the build: read the configuration, let every selected library
# register its sources, and compile and link exactly those.

include $(UK_ROOT)/support/build/rules.mk

# A recipe that fails leaves no half-made target behind.
.DELETE_ON_ERROR:
include $(UK_ROOT)/support/build/toolchain.mk

# --- configuration: .config -> config.mk, config.h, per-symbol stamps -------
KCONFIG_FILES := $(UK_ROOT)/Kconfig \
	$(wildcard $(UK_ROOT)/arch/*/Config.uk $(UK_ROOT)/plat/*/Config.uk \
		   $(UK_ROOT)/lib/*/Config.uk $(UK_ROOT)/libs/*/Config.uk \
		   $(UK_APP)/Config.uk)

# The list of Kconfig files of the last sync: one removed since (a library
# folder deleted) is no prerequisite any more, so compare the lists.
-include $(BUILD)/kconfig-files.mk
$(BUILD)/config.mk: $(UK_CONFIG) $(KCONFIG_FILES) \
		$(if $(call str-eq,$(KCONFIG_FILES),$(UK_SYNCED_KCONFIG_FILES)),,FORCE)
	$(Q)$(KCONFIG) syncconfig
	$(Q)echo 'UK_SYNCED_KCONFIG_FILES := $(KCONFIG_FILES)' > $(BUILD)/kconfig-files.mk

$(UK_CONFIG):
	$(Q)if [ -f $(UK_DEFCONFIG) ]; then \
		echo "  CONFIG  no .config in $(UK_APP) yet: using its defconfig (change it with 'make menuconfig')"; \
		$(KCONFIG) defconfig; \
	else \
		echo "error: no .config in $(UK_APP) and no defconfig to start from: run 'make menuconfig'" >&2; \
		exit 1; \
	fi

include $(BUILD)/config.mk

# --- the libraries ------------------------------------------------------------
# One scan: every arch, platform and library folder has a Makefile.uk, and
# the ones whose CONFIG_ symbol is y register themselves with uk_addlib.
UK_LIBS :=
UK_LIB_MAKEFILES := $(wildcard $(UK_ROOT)/arch/*/Makefile.uk \
	$(UK_ROOT)/plat/*/Makefile.uk $(UK_ROOT)/lib/*/Makefile.uk \
	$(UK_ROOT)/libs/*/Makefile.uk) $(UK_APP)/Makefile.uk
include $(UK_LIB_MAKEFILES)

IMAGE := $(BUILD)/$(UK_APP_NAME)_kvm-x86_64

# Every library's public headers (include/uk/...) are on the path whether
# the library is selected or not: the command line, and so the objects,
# stay the same when a library is switched on or off. A libc puts its
# system headers in UK_SYSTEM_INCLUDES instead.
UK_INCLUDES := -I$(BUILD)/include -I$(UK_ROOT)/include \
	$(patsubst %/uk,-I%,$(wildcard $(UK_ROOT)/arch/*/include/uk \
		$(UK_ROOT)/plat/*/include/uk $(UK_ROOT)/lib/*/include/uk \
		$(UK_ROOT)/libs/*/include/uk))

# Kernel code: freestanding, no red zone (interrupts use the stack), no PIC,
# one section per function so --gc-sections drops what is unused, frame
# pointers for backtraces.
# A libc (libs/musl) adds its headers to UK_SYSTEM_INCLUDES.
UK_ISYSTEM := $(addprefix -isystem ,$(UK_SYSTEM_INCLUDES) $(CC_INCLUDE_DIR))
UK_CFLAGS := -std=gnu11 $(UK_OPT_FLAGS) $(if $(CONFIG_DEBUG_SYMBOLS),-g) \
	-ffreestanding -nostdinc $(UK_ISYSTEM) \
	-fno-pic -fno-pie -mcmodel=small -mno-red-zone \
	-fno-stack-protector -fstack-clash-protection -fno-omit-frame-pointer \
	-mno-omit-leaf-frame-pointer -fno-optimize-sibling-calls \
	-fno-asynchronous-unwind-tables -fno-common \
	-ffunction-sections -fdata-sections \
	-Wall -Wextra -Wno-unused-parameter -Wmissing-prototypes \
	$(if $(CONFIG_WERROR),-Werror) \
	-fmacro-prefix-map=$(UK_ROOT)/= \
	-fmacro-prefix-map=$(UK_APP)/=$(UK_APP_NAME)/ \
	-include $(BUILD)/include/uk/config.h $(UK_INCLUDES) \
	$(EXTRA_CFLAGS)
# The kernel does not save SSE state on interrupts, so it must not use it;
# apps may (the boot code enables SSE).
UK_KERNEL_CFLAGS := -mgeneral-regs-only
UK_ASFLAGS := -D__ASSEMBLY__ $(if $(CONFIG_DEBUG_SYMBOLS),-g) \
	-nostdinc $(UK_ISYSTEM) \
	-include $(BUILD)/include/uk/config.h $(UK_INCLUDES) $(EXTRA_ASFLAGS)

# --- objects ------------------------------------------------------------------
# Generated or unpacked sources in the build directory get their object next
# to them; sources under the app directory go to $(BUILD)/app/ (the app may
# live outside the tree); all others mirror their path below UK_ROOT.
obj-of = $(patsubst %,%.o,$(basename \
	$(if $(filter $(BUILD)/%,$(1)),$(1),\
	$(if $(filter $(UK_APP)/%,$(1)),$(BUILD)/app/$(patsubst $(UK_APP)/%,%,$(1)),\
	$(BUILD)/$(patsubst $(UK_ROOT)/%,%,$(1))))))

# Kernel code is built without SSE; apps and the archive of a libc run as
# the application and may use it.
kernel-flags = $(if $(filter app,$(LIB$(call uc,$(1))_KIND)),,$(UK_KERNEL_CFLAGS))

# $(1): library, $(2): source file
define uk_obj_rule
$(call obj-of,$(2)): $(2) FORCE | $(FIXDEP)
	$$(call if_changed_dep,$(if $(filter %.S %.s,$(2)),as,cc))
$(call obj-of,$(2)): lib-name := $(1)
$(call obj-of,$(2)): lib-flags := $(call kernel-flags,$(1)) $(LIB$(call uc,$(1))_CFLAGS-y)
$(call obj-of,$(2)): lib-asflags := $(LIB$(call uc,$(1))_ASFLAGS-y)
UK_OBJS += $(call obj-of,$(2))
endef

# A library's LIB<NAME>_ARCHIVE_SRCS-y (third-party code: libc) go into
# $(BUILD)/lib<name>.a, from which the link takes only the members needed.
# They are compiled after the syscall providers are known (see below).
define uk_archive_obj_rule
$(call obj-of,$(2)): $(2) FORCE | $(FIXDEP) $(UK_PROVIDERS_H)
	$$(call if_changed_dep,$(if $(filter %.S %.s,$(2)),as,cc))
$(call obj-of,$(2)): lib-name := $(1)
$(call obj-of,$(2)): lib-flags := $(LIB$(call uc,$(1))_ARCHIVE_CFLAGS-y)
$(call obj-of,$(2)): lib-asflags := $(LIB$(call uc,$(1))_ARCHIVE_CFLAGS-y)
LIB$(call uc,$(1))_ARCHIVE_OBJS += $(call obj-of,$(2))
endef

# The member list goes through a file (a thousand objects overflow a
# command line), rewritten only when it changes.
define uk_archive_rule
$(BUILD)/lib$(1).a.list: FORCE
	$$(if $$(call str-eq,$$(file <$$@),$$(LIB$(call uc,$(1))_ARCHIVE_OBJS)),,\
		$$(file >$$@,$$(LIB$(call uc,$(1))_ARCHIVE_OBJS)))@:
$(BUILD)/lib$(1).a: $$(LIB$(call uc,$(1))_ARCHIVE_OBJS) $(BUILD)/lib$(1).a.list FORCE
	$$(call if_changed,ar)
UK_ARCHIVES += $(BUILD)/lib$(1).a
endef

# With a libc, the dispatch its syscall sites call is generated from the
# providers the kernel objects define; it is rewritten only when that set
# changes, so libc is recompiled only then.
ifneq ($(UK_SYSCALL_NUMBERS),)
UK_PROVIDERS_H := $(BUILD)/include/uk/syscall_providers.h
endif

UK_OBJS :=
UK_ARCHIVES :=
$(foreach l,$(UK_LIBS),$(foreach s,$(LIB$(call uc,$(l))_SRCS-y),\
	$(eval $(call uk_obj_rule,$(l),$(s)))))
$(foreach l,$(UK_LIBS),$(if $(LIB$(call uc,$(l))_ARCHIVE_SRCS-y),\
	$(foreach s,$(LIB$(call uc,$(l))_ARCHIVE_SRCS-y),\
		$(eval $(call uk_archive_obj_rule,$(l),$(s))))\
	$(eval $(call uk_archive_rule,$(l)))))

ifneq ($(UK_PROVIDERS_H),)
# The object list is a prerequisite too: switching a provider library off
# removes objects without making any other newer.
$(UK_PROVIDERS_H).objs: FORCE
	$(Q)mkdir -p $(@D)
	$(if $(call str-eq,$(file <$@),$(UK_OBJS)),,$(file >$@,$(UK_OBJS)))@:
$(UK_PROVIDERS_H): $(UK_PROVIDERS_H).stamp ;
$(UK_PROVIDERS_H).stamp: $(UK_OBJS) $(UK_PROVIDERS_H).objs \
		$(UK_SYSCALL_NUMBERS) $(UK_ROOT)/support/build/gen-syscalls
	$(Q)mkdir -p $(@D)
	$(Q)$(UK_ROOT)/support/build/gen-syscalls $(NM) $(UK_SYSCALL_NUMBERS) \
		$(UK_PROVIDERS_H) $(UK_OBJS)
	$(Q)touch $@
endif

quiet_cmd_ar = AR      $(patsubst $(BUILD)/%,%,$@)
      cmd_ar = rm -f $@ && $(AR) rcsD $@ @$@.list

quiet_cmd_cc = CC      $(patsubst $(BUILD)/%,%,$@)
      cmd_cc = $(CC) $(UK_CFLAGS) $(lib-flags) -DUK_LIBNAME=\"$(lib-name)\" \
		-MD -MF $@.d -c $< -o $@
quiet_cmd_as = AS      $(patsubst $(BUILD)/%,%,$@)
      cmd_as = $(CC) $(UK_ASFLAGS) $(lib-asflags) -DUK_LIBNAME=\"$(lib-name)\" \
		-MD -MF $@.d -c $< -o $@

# --- link -----------------------------------------------------------------------
# Two passes: the first finds the text symbols, which become a table the
# crash reporter uses to name addresses; the table is placed after all code,
# so the second pass leaves every function where the first put it (checked).
LDS := $(BUILD)/link/link.lds
UK_LDFLAGS := -nostdlib -static -z max-page-size=4096 -z noexecstack \
	--gc-sections --no-warn-rwx-segments --build-id=none -T $(LDS) \
	$(EXTRA_LDFLAGS)

quiet_cmd_lds = LDS     $(patsubst $(BUILD)/%,%,$@)
      cmd_lds = $(CC) -E -P -x c -D__ASSEMBLY__ -D__LINKER__ $(UK_INCLUDES) \
		-include $(BUILD)/include/uk/config.h -MD -MF $@.d $< -o $@

$(LDS): $(UK_LINKER_SCRIPT) FORCE | $(FIXDEP)
	$(call if_changed_dep,lds)

quiet_cmd_link = LD      $(patsubst $(BUILD)/%,%,$@)
link-libs = --start-group $(UK_ARCHIVES) $(LIBGCC) --end-group
      cmd_link = $(LD) $(UK_LDFLAGS) -o $(BUILD)/link/pass1 $(UK_OBJS) $(link-libs) && \
	$(NM) -n --defined-only $(BUILD)/link/pass1 | \
		$(AWK) -f $(UK_ROOT)/support/build/symtab.awk > $(BUILD)/link/symtab.S && \
	$(CC) -c $(BUILD)/link/symtab.S -o $(BUILD)/link/symtab.o && \
	$(LD) $(UK_LDFLAGS) -o $@ $(UK_OBJS) $(BUILD)/link/symtab.o $(link-libs) && \
	$(UK_ROOT)/support/build/check-text-stable $(NM) $(BUILD)/link/pass1 $@

$(IMAGE).dbg: $(UK_OBJS) $(UK_ARCHIVES) $(LDS) FORCE
	$(Q)mkdir -p $(BUILD)/link
	$(call if_changed,link)

quiet_cmd_strip = STRIP   $(patsubst $(BUILD)/%,%,$@)
      cmd_strip = $(OBJCOPY) --strip-all -R .comment $< $@ && \
	echo "  IMAGE   $(patsubst $(BUILD)/%,%,$@) ($$(stat -c %s $@) bytes)"

$(IMAGE): $(IMAGE).dbg FORCE
	$(call if_changed,strip)

# --- host tools -----------------------------------------------------------------
quiet_cmd_hostcc = HOSTCC  $(patsubst $(BUILD)/%,%,$@)
      cmd_hostcc = $(HOSTCC) -O2 -Wall -Wextra -o $@ $<

$(FIXDEP): $(UK_ROOT)/support/build/fixdep.c
	$(Q)mkdir -p $(@D)
	$(call cmd,hostcc)

# --- user targets -----------------------------------------------------------------
.PHONY: all image run gdb print-libs print-image syscalls
all image: $(IMAGE)

run: $(IMAGE)
	$(Q)$(UK_ROOT)/support/scripts/run $(IMAGE)

gdb: $(IMAGE)
	$(Q)$(UK_ROOT)/support/scripts/gdb $(IMAGE)

print-libs:
	@echo $(UK_LIBS)

print-image:
	@echo $(IMAGE)

# The syscalls the image provides (after --gc-sections: those it can reach).
syscalls: $(IMAGE)
	@$(NM) --defined-only $(IMAGE).dbg | \
		sed -n 's/.* uk_syscall_r_\([a-z0-9_]*\)$$/\1/p' | sort

# Keep the saved commands and dependencies of what was built before.
-include $(wildcard $(addsuffix .cmd,$(UK_OBJS) $(LDS) $(IMAGE).dbg $(IMAGE) \
	$(UK_ARCHIVES) $(foreach l,$(UK_LIBS),$(LIB$(call uc,$(l))_ARCHIVE_OBJS))))

.PHONY: FORCE
FORCE:
