#!/usr/bin/env python3
"""Reads a chapter's Markdown on stdin and writes it to stdout, ready for pandoc (make book).

One repair, which changes nothing else: a formula `$…$` split over two lines, where the second
line starts like a block (`+ x`, `- y`, `# z`, `> w`, `1. v`), is cut in two by every CommonMark
reader, GitHub's included: that line becomes a list item, a heading or a quote, and the formula
is left as raw TeX. Such a line is joined onto the one before while a formula is open, so the
formula stays whole. Other lines, code blocks and code spans are left as they are.
"""

import re
import sys

FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"(`+).*?\1")
QUOTE_PREFIX = re.compile(r"^(?:\s{0,3}>\s?)*")
# The starts of the blocks that can interrupt a paragraph (CommonMark 0.30, GitHub).
BLOCK_START = re.compile(r"^\s{0,3}(?:[-+*]\s|#{1,6}(?:\s|$)|>|1[.)]\s|<|(?:[-*_]\s*){3,}$|=+\s*$)")


def dollar_parity(text):
    """1 when the text opens or closes a $…$ or $$…$$ formula more often than the other."""
    text = CODE_SPAN.sub("", text).replace(r"\$", "")
    return (text.count("$$") + text.replace("$$", "").count("$")) % 2


def repair(lines):
    """The chapter's lines, with the lines that would cut a formula joined onto the one before.

    >>> repair(["a $x\\n", "+ y$ b\\n"])
    ['a $x + y$ b\\n']
    >>> repair(["> a $x\\n", "> - y$\\n"])
    ['> a $x - y$\\n']
    >>> repair(["> a $x\\n", "> = y$\\n"])  # not a block start: the quote goes on
    ['> a $x\\n', '> = y$\\n']
    >>> repair(["a $x$\\n", "- item\\n"])  # no formula open: a list item stays one
    ['a $x$\\n', '- item\\n']
    >>> repair(["`$` a\\n", "- item\\n"])  # a $ in a code span opens nothing
    ['`$` a\\n', '- item\\n']
    >>> repair(["$x\\n", "\\n", "- item\\n"])  # a blank line ends the paragraph
    ['$x\\n', '\\n', '- item\\n']
    """
    out, in_fence, math_open = [], False, False
    for line in lines:
        if FENCE.match(line):
            in_fence, math_open = not in_fence, False
            out.append(line)
            continue
        if in_fence:
            out.append(line)
            continue
        prefix = QUOTE_PREFIX.match(line).group(0)
        rest = line[len(prefix):]
        if not rest.strip():
            math_open = False  # a blank line ends the paragraph, and any formula with it
        elif math_open and out and BLOCK_START.match(rest):
            out[-1] = out[-1].rstrip("\n") + " " + rest.lstrip()
            math_open ^= bool(dollar_parity(rest))
            continue
        math_open ^= bool(dollar_parity(rest))
        out.append(line)
    return out


if __name__ == "__main__":
    sys.stdout.writelines(repair(sys.stdin.readlines()))
