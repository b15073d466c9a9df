#!/usr/bin/env python3
"""Every #include of src/ and include/ against the allowed dependencies of docs/architecture.md.

A file of module M (src/M/..., include/mtlsdoctor/M/...) may include "mtlsdoctor/X/..." only when
X is M or listed for M in the table between <!-- deps:begin --> and <!-- deps:end -->. A module
missing from the table, or an include of a module the table does not know, fails too.

Usage: check_includes.py SOURCE_DIR
"""
import re
import sys
from pathlib import Path

INCLUDE = re.compile(r'^\s*#\s*include\s+"mtlsdoctor/([a-z0-9_]+)/', re.M)


def allowed_table(doc):
    text = doc.read_text()
    m = re.search(r"<!-- deps:begin -->(.*?)<!-- deps:end -->", text, re.S)
    if not m:
        raise SystemExit(f"{doc}: no <!-- deps:begin --> ... <!-- deps:end --> table")
    table = {}
    for line in m.group(1).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 or cells[0] in ("module", "") or set(cells[0]) <= {"-"}:
            continue
        table[cells[0]] = {d.strip() for d in cells[1].split(",") if d.strip()}
    return table


def module_of(path, root):
    rel = path.relative_to(root).parts
    if rel[0] == "src":
        return rel[1]
    if rel[0] == "include" and rel[1] == "mtlsdoctor":
        return rel[2]
    return None


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    table = allowed_table(root / "docs/architecture.md")
    problems, files, arrows = [], 0, 0
    for path in sorted([*root.glob("src/**/*"), *root.glob("include/**/*")]):
        if path.suffix not in (".h", ".cpp") or not path.is_file():
            continue
        module = module_of(path, root)
        if module is None:
            continue
        files += 1
        if module not in table:
            problems.append(f"{path.relative_to(root)}: module '{module}' is not in docs/architecture.md")
            continue
        for m in INCLUDE.finditer(path.read_text(errors="replace")):
            target = m.group(1)
            arrows += 1
            if target == module:
                continue
            if target not in table:
                problems.append(f"{path.relative_to(root)}: includes unknown module '{target}'")
            elif target not in table[module]:
                line = path.read_text(errors="replace")[: m.start()].count("\n") + 1
                problems.append(f"{path.relative_to(root)}:{line}: {module} -> {target} is not allowed by docs/architecture.md")
    for p in problems:
        print(p)
    print(f"architecture: {files} files, {arrows} includes of mtlsdoctor/; {len(problems)} not allowed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
