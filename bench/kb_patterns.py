#!/usr/bin/env python3
"""Print every entry pattern of the explain knowledge base, one a line, as the loader reads it:
each file's `{{NAME}}` replaced by its `fragment: NAME` block's pattern as a non-capturing group
(src/explain/kb/README.md), fragments themselves left out. For the benches that hand the
patterns to grep -E and ripgrep.

    bench/kb_patterns.py [src/explain/kb]
"""
import glob
import os
import re
import sys

REF = re.compile(r"\{\{([a-z0-9-]+)\}\}")


def main():
    kb_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "src", "explain", "kb")
    for path in sorted(glob.glob(os.path.join(kb_dir, "*.kb"))):
        fragments = {}
        fragment = None  # the name of the fragment block being read
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    fragment = None
                    continue
                if line.startswith("#") or ":" not in line:
                    continue
                key, value = (part.strip() for part in line.split(":", 1))
                if key == "fragment":
                    fragment = value
                elif key == "pattern":
                    expanded = REF.sub(lambda m: "(?:" + fragments[m.group(1)] + ")", value)
                    if fragment is not None:
                        fragments[fragment] = expanded
                    else:
                        print(expanded)


if __name__ == "__main__":
    main()
