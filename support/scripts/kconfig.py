#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Unikit's Kconfig front end, on top of kconfiglib (python3-kconfiglib).

    kconfig.py TARGET

TARGET is one of menuconfig, defconfig, olddefconfig, oldconfig,
savedefconfig, listnewconfig, randconfig, syncconfig. Paths come from the environment
that the Makefile exports: UK_ROOT, UK_APP, UK_APP_NAME, BUILD.

Errors are one line each and name the file, line and symbol; there are no
tracebacks for bad input.
"""

import os
import re
import sys

try:
    import kconfiglib
except ImportError:
    sys.exit("kconfiglib not found: apt-get install python3-kconfiglib "
             "(or run support/scripts/install-deps)")


def fail(msg):
    sys.stderr.write("error: " + msg + "\n")
    sys.exit(1)


def env(name):
    val = os.environ.get(name)
    if not val:
        fail(name + " is not set: run this through make")
    return val


ROOT = env("UK_ROOT")
APP = env("UK_APP")
BUILD = env("BUILD")
CONFIG = os.path.join(APP, ".config")
DEFCONFIG = os.path.join(APP, "defconfig")
REL_CONFIG = None  # set in main()


def load_kconfig():
    os.environ.setdefault("UK_APP_NAME", os.path.basename(APP))
    os.environ["srctree"] = ROOT
    try:
        kconf = kconfiglib.Kconfig(os.path.join(ROOT, "Kconfig"),
                                   warn_to_stderr=False,
                                   suppress_traceback=True)
    except kconfiglib.KconfigError as e:
        fail("Kconfig: " + str(e).strip())
    for w in kconf.warnings:
        sys.stderr.write("warning: Kconfig: " + w + "\n")
    kconf.warnings = []
    # an assignment to a symbol that does not exist is a mistake too
    kconf.warn_assign_undef = True
    return kconf


def load_config(kconf, path, strict):
    """Loads a .config-style file. With strict, anything kconfiglib had to
    ignore or override (unknown symbol, invalid value, malformed line) is an
    error, so a hand-edited mistake never silently changes the build."""
    if not os.path.exists(path):
        fail("no configuration at " + nice_path(path) +
             ": run 'make defconfig' or 'make menuconfig'")
    try:
        kconf.load_config(path)
    except (OSError, kconfiglib.KconfigError) as e:
        fail(nice_path(path) + ": " + str(e).strip())
    problems = [clean_warning(w) for w in kconf.warnings]
    kconf.warnings = []
    derived = []
    for msg, settable in value_problems(kconf, path):
        (problems if settable else derived).append(msg)
    # a derived symbol's stale value is only reported: the value used is
    # written back, so .config shows what the build uses
    for d in derived:
        sys.stderr.write("warning: " + d + "\n")
    if problems and strict:
        for p in problems:
            sys.stderr.write("error: " + p + "\n")
        fail(nice_path(path) + " is invalid (see above): fix the "
             "named symbols, or run 'make menuconfig' / 'make olddefconfig'"
             " (which uses the values shown)")
    for p in problems:
        sys.stderr.write("warning: " + p + "\n")


def clean_warning(w):
    """One line, without kconfiglib's own "warning: " (which may follow a
    file:line location): we say error or warning ourselves."""
    w = " ".join(w.split())
    return re.sub(r"(^|: )warning: ", r"\1", w, count=1)


def shown(sym, val):
    if sym.type in (kconfiglib.BOOL, kconfiglib.TRISTATE):
        return "%s%s=%s" % (sym.kconfig.config_prefix, sym.name, val) \
            if val != "n" else "%s%s=n" % (sym.kconfig.config_prefix,
                                           sym.name)
    if sym.type == kconfiglib.STRING:
        return '%s%s="%s"' % (sym.kconfig.config_prefix, sym.name, val)
    return "%s%s=%s" % (sym.kconfig.config_prefix, sym.name, val)


def user_str(sym):
    v = sym.user_value
    if sym.type in (kconfiglib.BOOL, kconfiglib.TRISTATE):
        return kconfiglib.TRI_TO_STR[v]
    return str(v)


def same_value(sym, want):
    got = sym.str_value
    if sym.type in (kconfiglib.INT, kconfiglib.HEX):
        try:
            return int(got, 0) == int(want, 0)
        except ValueError:
            return False
    return got == want


def why_not(sym):
    """Why sym does not take the value the user gave it."""
    k = sym.kconfig
    if not any(n.prompt for n in sym.nodes):
        return "it has no prompt, so its value follows from other " \
            "options and cannot be set"
    dep = sym.direct_dep
    if kconfiglib.expr_value(dep) == 0:
        return "it depends on %s, which is n" % kconfiglib.expr_str(dep)
    for node in sym.nodes:
        if node.prompt and kconfiglib.expr_value(node.prompt[1]) == 0:
            return "its prompt depends on %s, which is n" % \
                kconfiglib.expr_str(node.prompt[1])
    if sym.type in (kconfiglib.INT, kconfiglib.HEX):
        for lo, hi, cond in sym.ranges:
            if kconfiglib.expr_value(cond):
                return "it is outside its range %s..%s" % (lo.str_value,
                                                           hi.str_value)
    if sym.type in (kconfiglib.BOOL, kconfiglib.TRISTATE):
        if kconfiglib.expr_value(sym.rev_dep):
            return "it is selected by %s" % kconfiglib.expr_str(
                sym.rev_dep)
        if sym.choice:
            return "another option of its choice is set"
    return "its dependencies do not allow it"


def value_problems(kconf, path):
    """Assignments the configuration does not honour (unmet dependency,
    out of range, no prompt, selected by another option), as (message,
    settable) pairs: kconfiglib takes the value it can without a word,
    which would build something other than what the file says."""
    out = []
    for sym in kconf.unique_defined_syms:
        if sym.user_value is None:
            continue
        want = user_str(sym)
        if same_value(sym, want):
            continue
        # n where something now selects it (an app or library that
        # gained a select since the file was written) is not a mistake
        # in the file: taken as y, with a warning, as Linux's make does
        selected = sym.type in (kconfiglib.BOOL, kconfiglib.TRISTATE) and \
            want == "n" and kconfiglib.expr_value(sym.rev_dep)
        out.append(("%s: %s is not possible: %s; the value used is %s" % (
            nice_path(path), shown(sym, want), why_not(sym),
            sym.str_value if sym.type != kconfiglib.STRING
            else '"%s"' % sym.str_value),
            any(n.prompt for n in sym.nodes) and not selected))
    return out


def nice_path(path):
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def new_symbols(kconf):
    """Visible symbols with a prompt that the loaded .config did not set."""
    return [s for s in kconf.unique_defined_syms
            if s.nodes[0].prompt and s.user_value is None
            and s.visibility and s.type != kconfiglib.UNKNOWN]


def write_config(kconf):
    msg = kconf.write_config(CONFIG, save_old=True)
    print("  CONFIG  " + msg.replace(CONFIG, REL_CONFIG))


def cmd_defconfig(kconf):
    if os.path.exists(DEFCONFIG):
        load_config(kconf, DEFCONFIG, strict=True)
    write_config(kconf)


def cmd_olddefconfig(kconf):
    load_config(kconf, CONFIG, strict=False)
    write_config(kconf)


def cmd_oldconfig(kconf):
    import oldconfig
    sys.argv = [sys.argv[0]]
    os.environ["KCONFIG_CONFIG"] = CONFIG
    if not os.path.exists(CONFIG):
        cmd_defconfig(kconf)
    oldconfig._main()


def cmd_menuconfig(kconf):
    import menuconfig
    os.environ["KCONFIG_CONFIG"] = CONFIG
    if not os.path.exists(CONFIG):
        cmd_defconfig(kconf)
        kconf = load_kconfig()
    load_config(kconf, CONFIG, strict=False)
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        fail("menuconfig needs a terminal")
    print(menuconfig.menuconfig(kconf))


def cmd_savedefconfig(kconf):
    load_config(kconf, CONFIG, strict=True)
    out = os.path.join(BUILD, "defconfig")
    os.makedirs(BUILD, exist_ok=True)
    kconf.write_min_config(out)
    print("  CONFIG  minimal configuration written to " +
          nice_path(out) + " (copy it to " +
          nice_path(DEFCONFIG) + " to make it the app's default)")


def cmd_randconfig(kconf):
    """A random valid configuration (KCONFIG_SEED picks it; default: a
    random seed, printed), starting from the app's defconfig: every
    visible bool and choice gets a random value, in random order and
    repeatedly, so that options revealed by others get a turn too. The
    build options (optimization, debug info, -Werror) keep their
    defaults. kconfiglib keeps every dependency and select satisfied."""
    import random
    seed = os.environ.get("KCONFIG_SEED") or str(random.randrange(1 << 30))
    rng = random.Random(seed)
    if os.path.exists(DEFCONFIG):
        load_config(kconf, DEFCONFIG, strict=True)
    keep = {"OPTIMIZE_PERF", "OPTIMIZE_SIZE", "OPTIMIZE_DEBUG",
            "DEBUG_SYMBOLS", "WERROR"}
    syms = [s for s in kconf.unique_defined_syms
            if s.type == kconfiglib.BOOL and s.name not in keep and
            not s.choice and any(n.prompt for n in s.nodes)]
    choices = [c for c in kconf.unique_choices
               if not any(s.name in keep for s in c.syms)]
    for _ in range(3):
        rng.shuffle(syms)
        for s in syms:
            if s.visibility:
                s.set_value(rng.choice((0, 2)))
        for c in choices:
            live = [s for s in c.syms if s.visibility]
            if c.visibility and live:
                rng.choice(live).set_value(2)
    write_config(kconf)
    print("  CONFIG  random configuration, KCONFIG_SEED=" + seed)


def cmd_listnewconfig(kconf):
    load_config(kconf, CONFIG, strict=False)
    for s in new_symbols(kconf):
        print(kconf.config_prefix + s.name + "=" + s.str_value)


def write_if_changed(path, text):
    try:
        with open(path) as f:
            if f.read() == text:
                return
    except OSError:
        pass
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def cmd_syncconfig(kconf):
    """Turns .config into what the build reads: include/uk/config.h, one
    stamp per symbol under include/config/ (touched only when that symbol's
    value changes) and config.mk. Symbols new since the .config was written
    take their defaults and are listed, as Linux's syncconfig does."""
    load_config(kconf, CONFIG, strict=True)
    fresh = new_symbols(kconf)
    if any(not settable for _, settable in value_problems(kconf, CONFIG)):
        write_config(kconf)
    if fresh:
        for s in fresh:
            print("  CONFIG  new option %s%s=%s (default)" %
                  (kconf.config_prefix, s.name, s.str_value))
        write_config(kconf)
    inc = os.path.join(BUILD, "include")
    os.makedirs(os.path.join(inc, "uk"), exist_ok=True)
    kconf.write_autoconf(os.path.join(inc, "uk", "config.h"))
    kconf.sync_deps(os.path.join(inc, "config"))
    lines = []
    for s in kconf.unique_defined_syms:
        val = s.str_value
        if s.type in (kconfiglib.BOOL, kconfiglib.TRISTATE):
            if val == "n":
                continue
        elif not s.nodes[0].prompt and not val:
            continue
        lines.append("%s%s=%s\n" % (kconf.config_prefix, s.name, val))
    # Always rewritten: its time stamp tells make the sync happened.
    with open(os.path.join(BUILD, "config.mk"), "w") as f:
        f.write("# generated from %s: do not edit\n" % REL_CONFIG)
        f.writelines(lines)


COMMANDS = {
    "menuconfig": cmd_menuconfig,
    "defconfig": cmd_defconfig,
    "olddefconfig": cmd_olddefconfig,
    "oldconfig": cmd_oldconfig,
    "savedefconfig": cmd_savedefconfig,
    "listnewconfig": cmd_listnewconfig,
    "randconfig": cmd_randconfig,
    "syncconfig": cmd_syncconfig,
}


def main():
    global REL_CONFIG
    REL_CONFIG = nice_path(CONFIG)
    if len(sys.argv) != 2 or sys.argv[1] not in COMMANDS:
        fail("usage: kconfig.py {" + ",".join(sorted(COMMANDS)) + "}")
    kconf = load_kconfig()
    try:
        COMMANDS[sys.argv[1]](kconf)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as e:
        fail(str(e))


if __name__ == "__main__":
    main()
