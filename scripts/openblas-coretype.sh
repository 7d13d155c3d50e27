#!/bin/sh
# Prints the OpenBLAS kernel this CPU can run (SkylakeX or Haswell), or nothing.
#
# Used by the Makefile to set OPENBLAS_CORETYPE, which OpenBLAS reads once when
# it loads; see design.md D2 and Sources/Toolkit/Linear/OpenBLASKernel.swift,
# whose OpenBLASKernelCheck.recommendation makes the same choice in Swift.
# Usage: scripts/openblas-coretype.sh [CPUINFO_FILE]   (default /proc/cpuinfo)

cpuinfo=${1:-/proc/cpuinfo}
[ -r "$cpuinfo" ] || exit 0
flags=" $(grep -m 1 '^flags' "$cpuinfo" | sed 's/^[^:]*://') "

case $flags in
  *" avx512f "*) echo SkylakeX; exit 0 ;;
esac
case $flags in
  *" avx2 "*)
    case $flags in
      *" fma "*) echo Haswell ;;
    esac
    ;;
esac
exit 0
