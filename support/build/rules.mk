# SPDX-License-Identifier: BSD-3-Clause
#
# Build rule helpers. A target is remade when a prerequisite is newer or
# when its command line differs from the one saved in <target>.cmd; the
# saved dependencies name, besides the headers, one stamp file per CONFIG_
# symbol the sources mention, so a configuration change rebuilds only the
# objects that use the changed symbols.

uc = $(subst z,Z,$(subst y,Y,$(subst x,X,$(subst w,W,$(subst v,V,$(subst u,U,$(subst t,T,$(subst s,S,$(subst r,R,$(subst q,Q,$(subst p,P,$(subst o,O,$(subst n,N,$(subst m,M,$(subst l,L,$(subst k,K,$(subst j,J,$(subst i,I,$(subst h,H,$(subst g,G,$(subst f,F,$(subst e,E,$(subst d,D,$(subst c,C,$(subst b,B,$(subst a,A,$(subst -,_,$(1))))))))))))))))))))))))))))

define newline


endef

pound := \#
squote := '
escsq = $(subst $(squote),'\$(squote)',$(1))
make-escape = $(subst $(pound),$$(pound),$(subst $$,$$$$,$(1)))

# Strings equal: each contains the other, bounded by the same markers.
str-eq = $(and $(findstring x$(strip $(1))x,x$(strip $(2))x),$(findstring x$(strip $(2))x,x$(strip $(1))x))

newer-prereqs = $(filter-out FORCE,$?)
cmd-changed = $(if $(call str-eq,$(cmd_$(1)),$(savedcmd_$@)),,y)

echo-cmd = $(if $($(quiet)cmd_$(1)),printf '$(if $(quiet),  )%s\n' '$(call escsq,$($(quiet)cmd_$(1)))';)
cmd = @set -e; mkdir -p $(@D); $(echo-cmd) $(cmd_$(1))

save-cmd = printf '%s\n' 'savedcmd_$@ := $(call escsq,$(call make-escape,$(cmd_$(1))))'

# The command runs in a subshell: a failure anywhere in an && chain then
# stops the recipe before the command is saved as done.
if_changed = $(if $(newer-prereqs)$(call cmd-changed,$(1)),\
	@set -e; mkdir -p $(@D); $(echo-cmd) ( $(cmd_$(1)) ); \
	$(save-cmd) > $@.cmd,@:)

if_changed_dep = $(if $(newer-prereqs)$(call cmd-changed,$(1)),\
	@set -e; mkdir -p $(@D); $(echo-cmd) ( $(cmd_$(1)) ); \
	$(FIXDEP) $@.d $@ $(BUILD)/include/config $(BUILD)/include/uk/config.h > $@.cmd.tmp; \
	rm -f $@.d; $(save-cmd) >> $@.cmd.tmp; mv $@.cmd.tmp $@.cmd,@:)

FIXDEP := $(BUILD)/tools/fixdep

# A prerequisite that is always out of date: the rule then decides itself.
.PHONY: FORCE
FORCE:
