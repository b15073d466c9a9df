#!/usr/bin/env python3
"""The man pages and completions generated at build time (mtlsd-gendocs) against --help.

Every command `mtls-doctor --help` lists (and their own commands) must have a page that names
each of its flags, examples and exit codes, render without a roff warning, and be offered by the
bash, zsh and fish completions with each of its flags; bash's completion is also run.

Usage: docs_check.py BINARY DOCS_DIR    (DOCS_DIR: build/docs, with man1/ and completions/)
"""
import re
import shutil
import subprocess
import sys
from pathlib import Path

FAILURES = []


def fail(message):
    FAILURES.append(message)


def help_of(binary, path):
    p = subprocess.run([binary, *path, "--help"], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        fail(f"{' '.join(path)} --help exited {p.returncode}")
    return p.stdout


def section(text, title):
    """The indented lines under `title:` up to the next unindented line."""
    lines, inside = [], False
    for line in text.splitlines():
        if line.startswith(title + ":"):
            inside = True
            continue
        if inside and line and not line.startswith(" "):
            break
        if inside:
            lines.append(line)
    return lines


def flags_in_help(text):
    flags = []
    for line in section(text, "Options"):
        m = re.match(r"^  (-\S+)", line)
        if m:
            flags += [f for f in m.group(1).split(",") if f.startswith("-")]
    return flags


def commands_in_help(text):
    return [line.split()[0] for line in section(text, "Subcommands") if re.match(r"^  \S", line)]


def all_paths(binary):
    paths, todo = [], [[]]
    while todo:
        path = todo.pop(0)
        for sub in commands_in_help(help_of(binary, path)):
            paths.append(path + [sub])
            todo.append(path + [sub])
    return paths


def unroff(text):
    return text.replace("\\-", "-").replace("\\e", "\\").replace("\\&", "")


def check_man(docs, binary, paths):
    man = docs / "man1"
    main = unroff((man / "mtls-doctor.1").read_text())
    for path in paths:
        name = "mtls-doctor-" + "-".join(path)
        if f"mtls-doctor {' '.join(path)}" not in main:
            fail(f"mtls-doctor.1 does not list '{' '.join(path)}'")
        page = man / f"{name}.1"
        if not page.exists():
            fail(f"no man page {page.name}")
            continue
        text = unroff(page.read_text())
        for flag in flags_in_help(help_of(binary, path)):
            if f"\\fB{flag}\\fR" not in text:
                fail(f"{page.name} does not describe {flag}")
        for title in (".SH EXAMPLES", ".SH EXIT STATUS", ".SH OPTIONS"):
            if title not in text:
                fail(f"{page.name} has no {title[4:]}")
    if shutil.which("groff"):
        for page in sorted(man.glob("*.1")):
            p = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", str(page)], capture_output=True, text=True)
            if p.returncode != 0 or p.stderr.strip():
                fail(f"groff warns on {page.name}: {p.stderr.strip()[:300]}")


def check_completions(docs, binary, paths):
    comp = docs / "completions"
    bash, zsh, fish = (comp / n for n in ("mtls-doctor.bash", "_mtls-doctor", "mtls-doctor.fish"))
    bash_text, zsh_text, fish_text = bash.read_text(), zsh.read_text(), fish.read_text()
    for path in [[]] + paths:
        key = "/".join(path)
        help_text = help_of(binary, path)
        words = flags_in_help(help_text) + commands_in_help(help_text)
        bash_line = next((l for l in bash_text.splitlines() if l.strip().startswith(f"'{key}') words=")), None)
        zsh_line = next((l for l in zsh_text.splitlines() if l.strip().startswith(f"'{key}') entries=(")), None)
        if bash_line is None or zsh_line is None:
            fail(f"the bash or zsh completion has no case for '{' '.join(path)}'")
            continue
        for w in words:
            if w not in re.search(r"words='([^']*)'", bash_line).group(1).split():
                fail(f"bash completion of '{' '.join(path)}' lacks {w}")
            if f"'{w}:" not in zsh_line:
                fail(f"zsh completion of '{' '.join(path)}' lacks {w}")
            if w.startswith("--"):
                fish_word = f"-l {w[2:]}"
            elif w.startswith("-"):
                fish_word = f"-s {w[1:]}"
            else:
                fish_word = f"-a {w} "
            last = f"__fish_seen_subcommand_from {path[-1]}" if path else "__fish_use_subcommand"
            if not any(last in l and fish_word in l for l in fish_text.splitlines()):
                fail(f"fish completion of '{' '.join(path)}' lacks {w}")
    # bash: valid, and it completes.
    if subprocess.run(["bash", "-n", str(bash)]).returncode != 0:
        fail("the bash completion is not valid bash")
    cases = [("mtls-doctor che", "check"), ("mtls-doctor check --ce", "--cert"), ("mtls-doctor lab cr", "create"),
             ("mtls-doctor check --role ''", "server"), ("mtls-doctor diagnose --for", "--format"),
             ("mtls-doctor fullchain --ou", "--output")]
    for line, expected in cases:
        script = (f"source '{bash}'; COMP_WORDS=({line}); COMP_CWORD=$((${{#COMP_WORDS[@]}}-1)); _mtls_doctor; "
                  "printf '%s\\n' \"${COMPREPLY[@]}\"")
        p = subprocess.run(["bash", "-c", script], capture_output=True, text=True)
        if expected not in p.stdout.split():
            fail(f"bash completes '{line}' with {p.stdout.split()}, not {expected}")
    for shell, path in (("zsh", zsh), ("fish", fish)):
        if shutil.which(shell) and subprocess.run([shell, "-n", str(path)]).returncode != 0:
            fail(f"the {shell} completion is not valid {shell}")
    if shutil.which("fish"):  # fish completes without a terminal: `complete -C LINE`
        for line, expected in cases:
            line = line.replace("''", "")  # "--role ''": the value after the flag, still empty
            p = subprocess.run(["fish", "-c", f"source '{fish}'; complete -C '{line}'"], capture_output=True, text=True)
            got = [l.split("\t")[0] for l in p.stdout.splitlines()]
            if expected not in got:
                fail(f"fish completes '{line}' with {got[:8]}, not {expected}")


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    binary, docs = sys.argv[1], Path(sys.argv[2])
    paths = all_paths(binary)
    if len(paths) < 10:
        fail(f"only {len(paths)} commands found in --help")
    check_man(docs, binary, paths)
    check_completions(docs, binary, paths)
    for f in FAILURES:
        print("FAIL:", f)
    print(f"{len(paths)} commands checked, {len(FAILURES)} failures")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
