#!/bin/sh
# Prints the OpenBLAS kernel to force with OPENBLAS_CORETYPE, or nothing when OpenBLAS's
# own choice is already right.
#
# OpenBLAS reads OPENBLAS_CORETYPE once, when it loads (design.md D2). On some CPUs its
# detection falls back to the generic 'Prescott' kernel, 5-6x slower. This script
#   1. names the best kernel the CPU's flags allow (SkylakeX with avx512f, Haswell with
#      avx2 and fma), and
#   2. asks OpenBLAS which kernel it picks by itself (a tiny C probe, cached in .build/),
# and prints the kernel from 1 only when the probe shows a weaker generic one. Without a
# C compiler it cannot ask, and prints the kernel from 1 (always safe on such a CPU).
# The same decision, in Swift: Sources/Toolkit/Linear/OpenBLASKernel.swift.
#
# Usage: scripts/openblas-coretype.sh [CPUINFO_FILE [DETECTED_CORE]]   (for tests)

cpuinfo=${1:-/proc/cpuinfo}
[ -r "$cpuinfo" ] || exit 0
flags=" $(grep -m 1 '^flags' "$cpuinfo" | sed 's/^[^:]*://') "

best=""
case $flags in
  *" avx512f "*) best=SkylakeX ;;
  *" avx2 "*) case $flags in *" fma "*) best=Haswell ;; esac ;;
esac
[ -n "$best" ] || exit 0

detected=${2:-}
if [ -z "$detected" ] && [ -z "${1:-}" ]; then
  probe_dir=.build/openblas-probe
  probe=$probe_dir/corename
  if [ ! -x "$probe" ]; then
    mkdir -p "$probe_dir" 2>/dev/null
    printf '%s\n' '#include <stdio.h>' 'char *openblas_get_corename(void);' \
      'int main(void) { puts(openblas_get_corename()); return 0; }' > "$probe_dir/corename.c"
    for cc in cc gcc clang; do
      command -v $cc >/dev/null 2>&1 || continue
      $cc "$probe_dir/corename.c" -o "$probe" -lopenblas 2>/dev/null && break
    done
  fi
  [ -x "$probe" ] && detected=$(env -u OPENBLAS_CORETYPE "$probe" 2>/dev/null)
fi

case $detected in
  "") echo "$best" ;;                                    # could not ask: the flags decide
  SkylakeX|SapphireRapids|Cooperlake) ;;                 # AVX-512 kernels: nothing better
  Haswell|Zen|SkylakeX*) [ "$best" = SkylakeX ] && echo SkylakeX ;;
  *) echo "$best" ;;                                     # a generic or pre-AVX2 kernel
esac
exit 0
