# SPDX-License-Identifier: BSD-3-Clause
#
# Builds musl once into a folder of the cache (libs/musl/Makefile.uk runs
# this under a lock): unpacked by the Debian-source recipe, its sources
# compiled with the kit's flags into libmusl.a (all but malloc) and
# libmusl-mallocng.a, and its public headers in include/. Nothing here
# depends on an app's configuration: the folder's name is a hash of
# everything that goes in, so it is never stale and any app may link it.
MAKEFLAGS += --no-builtin-rules --no-builtin-variables
.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:
include $(MUSL_DIR)/config.mk
include $(UK_ROOT)/support/build/rules.mk
include $(UK_ROOT)/support/build/debian-source.mk

# Another build may have made it while this one waited for the lock: its
# objects are gone by now, so nothing must be looked at again.
ifneq ($(wildcard $(MUSL_DIR)/built.mk),)
all:
	@:
else
all: $(MUSL_DIR)/built.mk

$(eval $(call uk_debian_source,MUSL,musl,$(MUSL_VERSION),$(MUSL_FILES),\
	$(MUSL_DIR),$(MUSL_BASE)/patches,,$(MUSL_BASE)/prepare,\
	$(MUSL_BASE)/Makefile.uk))

MUSL_INCS := -I$(MUSL_BASE)/arch-override -I$(MUSL_SRC)/arch/x86_64 \
	-I$(MUSL_SRC)/arch/generic -I$(MUSL_DIR)/gen/internal \
	-I$(MUSL_SRC)/src/include -I$(MUSL_SRC)/src/internal \
	-I$(MUSL_DIR)/gen/include -I$(MUSL_SRC)/include $(MUSL_ARCH_INCS)

musl-obj = $(patsubst %,$(MUSL_DIR)/obj/%.o,$(basename $(1)))
MUSL_CORE_OBJS := $(call musl-obj,$(MUSL_CORE_SRCS))
MUSL_MALLOC_OBJS := $(call musl-obj,$(MUSL_MALLOC_SRCS))

quiet_cmd_musl_cc = CC      musl: $(patsubst $(MUSL_DIR)/obj/%,%,$@)
      cmd_musl_cc = $(CC) $(MUSL_CFLAGS) $(MUSL_INCS) -c $< -o $@

$(MUSL_DIR)/obj/%.o: $(MUSL_SRC)/%.c $(MUSL_DIR)/sources.mk
	$(call cmd,musl_cc)
$(MUSL_DIR)/obj/%.o: $(MUSL_SRC)/%.s $(MUSL_DIR)/sources.mk
	$(call cmd,musl_cc)
$(MUSL_DIR)/obj/%.o: $(MUSL_SRC)/%.S $(MUSL_DIR)/sources.mk
	$(call cmd,musl_cc)

# The member list goes through a file: a thousand objects overflow a
# command line.
quiet_cmd_musl_ar = AR      musl: $(notdir $@)
      cmd_musl_ar = rm -f $@ && $(AR) rcsD $@ @$@.list

$(MUSL_DIR)/libmusl.a: $(MUSL_CORE_OBJS)
	$(file >$@.list,$^)
	$(call cmd,musl_ar)
$(MUSL_DIR)/libmusl-mallocng.a: $(MUSL_MALLOC_OBJS)
	$(file >$@.list,$^)
	$(call cmd,musl_ar)

# Written last: its existence says the folder is complete. The objects
# are in the archives now; the sources stay for the debugger.
$(MUSL_DIR)/built.mk: $(MUSL_DIR)/libmusl.a $(MUSL_DIR)/libmusl-mallocng.a
	@echo "  MUSL    built into $(MUSL_DIR)"
	@echo '# musl is built: $(MUSL_VERSION)' > $@
	@rm -rf $(MUSL_DIR)/obj

.PHONY: all
endif
