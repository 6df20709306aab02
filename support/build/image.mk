# SPDX-License-Identifier: BSD-3-Clause
#
# Phase 3 of the build, read once the configuration is known: the
# selected libraries register their sources, which are compiled and
# linked into the image.

# --- the libraries ------------------------------------------------------------
# One scan finds them: every arch/*, plat/*, lib/* and libs/* folder with a
# Makefile.uk is a library, and its Kconfig symbol follows from the folder
# (lib/posix-time: LIBPOSIX_TIME, libs/musl: LIBMUSL, arch/x86_64:
# ARCH_X86_64, plat/kvm: PLAT_KVM). The Makefile.uk of each selected
# library, then the app's, is read with $(src) (its folder) and $(obj) (its
# build folder) set; it adds sources to srcs-y (relative to $(src), or
# absolute for generated ones) and flags to cflags-y and asflags-y.
UK_LIB_DIRS := $(patsubst %/Makefile.uk,%,$(wildcard \
	$(UK_ROOT)/arch/*/Makefile.uk $(UK_ROOT)/plat/*/Makefile.uk \
	$(UK_ROOT)/lib/*/Makefile.uk $(UK_ROOT)/libs/*/Makefile.uk))
uk-kind = $(notdir $(patsubst %/,%,$(dir $(1))))
uk-sym = $(call uc,$(if $(filter lib libs,$(call uk-kind,$(1))),LIB,$(call \
	uk-kind,$(1))_)$(notdir $(1)))

# Where a folder's objects go: generated or unpacked sources in the build
# directory next to them, the app's (it may live outside the tree) in
# $(BUILD)/app/, all others mirroring their path below UK_ROOT.
obj-dir = $(if $(filter $(BUILD)/%,$(1)),$(1),\
	$(if $(filter $(UK_APP) $(UK_APP)/%,$(1)),$(BUILD)/app$(patsubst $(UK_APP)%,%,$(1)),\
	$(BUILD)/$(patsubst $(UK_ROOT)/%,%,$(1))))
obj-of = $(patsubst %,%.o,$(basename $(call obj-dir,$(1))))

# Simple variables: a library's `UK_SYSTEM_INCLUDES += $(src)/include`
# must take its $(src) now, not the last library's.
UK_LIBS :=
UK_SYSTEM_INCLUDES :=
UK_ARCHIVES :=
UK_LINKER_SCRIPT :=
define uk_read_lib
src := $(1)
obj := $(strip $(call obj-dir,$(1)))
srcs-y :=
cflags-y :=
asflags-y :=
include $(1)/Makefile.uk
$$(eval $$(call uk_register,$(1),$(2)))
endef

define uk_register
UK_LIBS += $(2)
$(2)_NAME := $(notdir $(1))
$(2)_SRCS := $$(foreach f,$$(srcs-y),$$(if $$(filter /%,$$(f)),$$(f),$(1)/$$(f)))
$(2)_FLAGS := $$(cflags-y)
$(2)_AFLAGS := $$(asflags-y)
endef

$(foreach d,$(UK_LIB_DIRS),$(if $(filter y,$(CONFIG_$(call uk-sym,$(d)))),\
	$(eval $(call uk_read_lib,$(d),$(call uk-sym,$(d))))))
$(eval $(call uk_read_lib,$(UK_APP),APP))

ifeq ($(UK_LINKER_SCRIPT),)
$(error no platform is selected (menuconfig: Platform))
endif

IMAGE := $(BUILD)/$(UK_APP_NAME)_kvm-x86_64

# Every library's public headers (include/uk/...) are on the path whether
# the library is selected or not: the command line, and so the objects,
# stay the same when a library is switched on or off. A libc puts its
# system headers in UK_SYSTEM_INCLUDES instead.
UK_INCLUDES := -I$(BUILD)/include -I$(UK_ROOT)/include \
	$(patsubst %/uk,-I%,$(wildcard $(UK_ROOT)/arch/*/include/uk \
		$(UK_ROOT)/plat/*/include/uk $(UK_ROOT)/lib/*/include/uk \
		$(UK_ROOT)/libs/*/include/uk))

# W=1: more warnings, reported but never fatal (as Kbuild's W=1).
UK_W1_FLAGS := -Wshadow -Wpointer-arith -Wcast-align -Wstrict-prototypes \
	-Wold-style-definition -Wmissing-declarations -Wredundant-decls \
	-Wnested-externs -Wformat=2 -Wundef \
	$(foreach w,shadow pointer-arith cast-align strict-prototypes \
		old-style-definition missing-declarations redundant-decls \
		nested-externs format-nonliteral format-security \
		undef,-Wno-error=$(w))

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
	$(if $(filter 1,$(W)),$(UK_W1_FLAGS)) $(EXTRA_CFLAGS)
# The kernel does not save SSE state on interrupts, so it must not use it;
# apps may (the boot code enables SSE).
UK_KERNEL_CFLAGS := -mgeneral-regs-only
UK_ASFLAGS := -D__ASSEMBLY__ $(if $(CONFIG_DEBUG_SYMBOLS),-g) \
	-nostdinc $(UK_ISYSTEM) \
	-include $(BUILD)/include/uk/config.h $(UK_INCLUDES) $(EXTRA_ASFLAGS)

# --- objects ------------------------------------------------------------------
# Kernel code is built without SSE; the app runs as the application and may
# use it.
kernel-flags = $(if $(filter APP,$(1)),,$(UK_KERNEL_CFLAGS))

# $(1): library symbol, $(2): source file. LIB<NAME>_CFLAGS on make's
# command line adds flags to one library (APP_CFLAGS: the app).
define uk_obj_rule
$(call obj-of,$(2)): $(2) FORCE | $(FIXDEP)
	$$(call if_changed_dep,$(if $(filter %.S %.s,$(2)),as,cc))
$(call obj-of,$(2)): lib-name := $($(1)_NAME)
$(call obj-of,$(2)): lib-flags := $(call kernel-flags,$(1)) $($(1)_FLAGS) $($(1)_CFLAGS)
$(call obj-of,$(2)): lib-asflags := $($(1)_AFLAGS) $($(1)_ASFLAGS)
UK_OBJS += $(call obj-of,$(2))
endef

UK_OBJS :=
$(foreach l,$(UK_LIBS),$(foreach s,$($(l)_SRCS),\
	$(eval $(call uk_obj_rule,$(l),$(s)))))

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
# Syscall tracing (lib/syscall): every undefined reference to a provider,
# that is every libc syscall site, goes to its __wrap_ tracer instead.
UK_SYSCALL_TABLE := $(UK_ROOT)/arch/x86_64/include/uk/arch/syscall_table.h
ifeq ($(CONFIG_LIBSYSCALL_TRACE),y)
UK_WRAP_ARGS := $(BUILD)/link/syscall-wrap.args
UK_LDFLAGS += @$(UK_WRAP_ARGS)
$(UK_WRAP_ARGS): $(UK_SYSCALL_TABLE)
	$(Q)mkdir -p $(@D)
	$(Q)sed -n 's/^UK_ARCH_SYSCALL([0-9]*, *\([a-z0-9_]*\)).*/--wrap=uk_syscall_r_\1/p' $< > $@
endif
# With lib/debug's symbol table a first pass gives the addresses its names
# go with; without it one pass is the image.
ifeq ($(CONFIG_LIBDEBUG_SYMTAB),y)
      cmd_link = $(LD) $(UK_LDFLAGS) -o $(BUILD)/link/pass1 $(UK_OBJS) $(link-libs) && \
	$(NM) -n --defined-only $(BUILD)/link/pass1 | \
		$(AWK) -f $(UK_ROOT)/support/build/symtab.awk > $(BUILD)/link/symtab.S && \
	$(CC) -c $(BUILD)/link/symtab.S -o $(BUILD)/link/symtab.o && \
	$(LD) $(UK_LDFLAGS) -o $@ $(UK_OBJS) $(BUILD)/link/symtab.o $(link-libs) && \
	$(UK_ROOT)/support/build/check-text-stable $(NM) $(BUILD)/link/pass1 $@
else
      cmd_link = $(LD) $(UK_LDFLAGS) -o $@ $(UK_OBJS) $(link-libs)
endif

$(IMAGE).dbg: $(UK_OBJS) $(UK_ARCHIVES) $(LDS) $(UK_WRAP_ARGS) FORCE
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

# --- the app's root file system ------------------------------------------------
# An app's rootfs/ folder is packed into a cpio archive (our mkcpio: the
# same bytes for the same tree, mtimes clamped to SOURCE_DATE_EPOCH, by
# default the last commit's time) that `make run` passes as the initrd
# unless INITRD= names another. A changed, added or removed file repacks
# it (a directory's mtime changes with its entries).
UK_ROOTFS_DIR := $(wildcard $(UK_APP)/rootfs)
ifneq ($(UK_ROOTFS_DIR),)
UK_ROOTFS := $(BUILD)/rootfs.cpio
UK_ROOTFS_FILES := $(shell find $(UK_ROOTFS_DIR))
SOURCE_DATE_EPOCH ?= $(shell git -C $(UK_ROOT) log -1 --format=%ct 2>/dev/null)
quiet_cmd_mkcpio = CPIO    $(patsubst $(BUILD)/%,%,$@)
      cmd_mkcpio = SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) $(PYTHON) \
	$(UK_ROOT)/support/scripts/mkcpio $(UK_ROOTFS_DIR) $@
$(UK_ROOTFS): $(UK_ROOTFS_FILES) $(UK_ROOT)/support/scripts/mkcpio
	$(Q)mkdir -p $(@D)
	$(call cmd,mkcpio)
endif

# --- user targets -----------------------------------------------------------------
.PHONY: all image run gdb print-libs print-image syscalls compile_commands.json
all image: $(IMAGE) $(UK_ROOTFS)

run: $(IMAGE) $(UK_ROOTFS)
	$(Q)$(if $(INITRD)$(UK_ROOTFS),INITRD=$(or $(INITRD),$(UK_ROOTFS)) )$(UK_ROOT)/support/scripts/run $(IMAGE)

gdb: $(IMAGE) $(UK_ROOTFS)
	$(Q)$(if $(INITRD)$(UK_ROOTFS),INITRD=$(or $(INITRD),$(UK_ROOTFS)) )$(UK_ROOT)/support/scripts/gdb $(IMAGE)

print-libs:
	@echo $(foreach l,$(UK_LIBS),$($(l)_NAME))

print-image:
	@echo $(IMAGE)

# The syscalls the image provides (after --gc-sections: those it can
# reach). Providers are strong symbols; the -ENOSYS fallbacks are weak.
syscalls: $(IMAGE)
	@$(NM) --defined-only $(IMAGE).dbg | \
		sed -n 's/.* T uk_syscall_r_\([a-z0-9_]*\)$$/\1/p' | sort

# For clangd and other tools: every object's compiler command, from the
# commands the build saved (Kbuild's gen_compile_commands.py, in short).
compile_commands.json: $(IMAGE)
	$(Q)$(PYTHON) $(UK_ROOT)/support/scripts/gen-compile-commands \
		$(BUILD) $(CURDIR) > $(BUILD)/$@.tmp && mv $(BUILD)/$@.tmp $(BUILD)/$@
	@echo "  GEN     $(patsubst $(CURDIR)/%,%,$(BUILD))/$@"

# Keep the saved commands and dependencies of what was built before.
-include $(wildcard $(addsuffix .cmd,$(UK_OBJS) $(LDS) $(IMAGE).dbg $(IMAGE)))
