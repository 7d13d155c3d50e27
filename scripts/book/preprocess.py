#!/usr/bin/env python3
"""Reads a chapter's Markdown on stdin and writes it to stdout, ready for pandoc (make book).

One repair, which changes nothing else: a formula `$…$` that is split over two lines where the
second line starts like a block (`+ x`, `- y`, `# z`, `> w`, `1. v`) is cut in two by every
CommonMark reader, GitHub's included: the line becomes a list item, a heading or a quote and
the formula is left as raw TeX. While a line of a paragraph leaves a `$` or `$$` open, the
next line is joined onto it, so the formula stays whole. Code blocks and code spans are left
alone.
"""

import re
import sys

FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"(`+).*?\1")


def open_math(line):
    """Whether the line leaves a $…$ or $$…$$ formula open at its end."""
    text = CODE_SPAN.sub("", line).replace(r"\$", "")
    displays = text.count("$$")
    singles = text.replace("$$", "").count("$")
    return displays % 2 == 1 or singles % 2 == 1


def repair(lines):
    out, in_fence, i = [], False, 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            while (open_math(line) and i < len(lines) and lines[i].strip()
                   and not FENCE.match(lines[i])):
                line = line.rstrip("\n") + " " + lines[i].lstrip()
                i += 1
        out.append(line)
    return out


if __name__ == "__main__":
    sys.stdout.writelines(repair(sys.stdin.readlines()))
