#!/usr/bin/env bash
# Time `make paper` end to end, lesson by lesson, across interruptions.
#
#   scripts/time-paper.sh [LOG]          run (or resume) every lesson at the paper preset
#   scripts/time-paper.sh --summary LOG  print the totals of a log
#   PRESET=quick scripts/time-paper.sh /tmp/log   the same at the quick preset (a minute; to try it)
#
# `make paper` takes hours on two cores, longer than one sitting on a machine that is
# reclaimed. This runs what it runs (`make data release`, then `lesson N --paper` for each
# written lesson, in order) and appends one line per segment to LOG (default
# plots/paper/make-paper-time.txt): the lesson, when it started, its wall and CPU seconds,
# and how it ended. Run it again after an interruption and it skips the lessons already
# finished at this commit; the lesson that was cut off starts again and its sweeps keep
# their finished runs (lessons 4–7), so the sum of the segments is the cost of `make paper`
# plus the work lost at each interruption (the runs in progress, and lessons 1–3 rerun in
# full), which the log shows. A segment killed without warning is recovered from the
# heartbeat written every 10 s beside the log.
#
# The log belongs to one commit: resuming at another is refused (the times would mix code).
set -uo pipefail

cd "$(dirname "$0")/.."
lessons=(1 2 3 4 5 6 7)
case "${PRESET:-paper}" in
  paper) paper_flag=--paper ;;
  quick) paper_flag=--quick ;;
  *) echo "time-paper: PRESET must be paper or quick, got $PRESET" >&2; exit 2 ;;
esac

total() {  # LOG: per-lesson and overall sums of the segment lines
  awk -F'\t' '
    /^#/ || NF < 6 { next }
    { wall[$2] += $4; cpu[$2] += $5; n[$2]++; W += $4; C += $5
      if ($6 == "finished") done[$2] = 1
      if ($5 == "?") unknown++ }
    END {
      for (k in wall) printf "%s\t%d segment(s)\t%.0f s wall\t%.0f s CPU\t%s\n", k, n[k], wall[k], cpu[k], (k in done ? "finished" : "not finished") | "sort"
      close("sort")
      printf "all\t\t%.0f s wall (%dh %02dm)\t%.0f s CPU", W, int(W / 3600), int((W % 3600) / 60), C
      if (unknown) printf " (and the CPU time of %d killed segment(s), unknown)", unknown
      printf "\n"
    }' "$1"
}

if [[ "${1:-}" == "--summary" ]]; then
  [[ -f "${2:-}" ]] || { echo "time-paper: no log ${2:-} to sum" >&2; exit 2; }
  total "$2"
  exit 0
fi

log="${1:-plots/paper/make-paper-time.txt}"
heartbeat="$log.heartbeat"
commit=$(git rev-parse --short HEAD)
mkdir -p "$(dirname "$log")" || { echo "time-paper: cannot create $(dirname "$log")" >&2; exit 1; }
if [[ -f "$log" ]]; then
  logged=$(sed -n 's/^# commit \([0-9a-f]*\).*/\1/p' "$log" | head -1)
  if [[ "$logged" != "$commit" ]]; then
    echo "time-paper: $log was started at commit ${logged:-?}, HEAD is $commit;" \
      "move it aside to time this commit" >&2
    exit 1
  fi
else
  {
    echo "# make paper, timed segment by segment (scripts/time-paper.sh)"
    echo "# commit $commit, preset ${PRESET:-paper}, $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
    echo "# each segment: make data release, then make paper LESSONS=N (its OpenBLAS settings)"
    printf '# segment\tlesson\tstarted (UTC)\twall s\tCPU s\thow it ended\n'
  } >"$log"
fi

# A heartbeat left behind is a segment that was killed without warning.
if [[ -f "$heartbeat" ]]; then
  read -r hb_lesson hb_start hb_wall hb_cpu <"$heartbeat"
  printf 'segment\t%s\t%s\t%s\t%s\tkilled (last heartbeat)\n' \
    "$hb_lesson" "$hb_start" "$hb_wall" "$hb_cpu" >>"$log"
  rm -f "$heartbeat"
fi

finished() { awk -F'\t' -v k="$1" '$2 == k && $6 == "finished" { f = 1 } END { exit !f }' "$log"; }

elapsed() { awk -v a="$(date +%s.%N)" -v b="$1" 'BEGIN { printf "%.1f", a - b }'; }

# children_cpu: sets cpu_now to the CPU seconds of every child this shell has waited for.
# `times` must run in this shell: in a command substitution it would report the subshell's
# children (none), so its output goes through a file.
times_file=$(mktemp)
trap 'rm -f "$times_file"' EXIT
children_cpu() {
  times >"$times_file"
  cpu_now=$(tail -1 "$times_file" | awk '{
    split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.1f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }')
}

# beat NAME START_ISO START_S: every 10 s, the segment's name, start and wall seconds so far
# (CPU "?": a killed segment's processes take their CPU time with them).
beat() {
  while :; do
    printf '%s %s %s ?\n' "$1" "$2" "$(elapsed "$3")" >"$heartbeat.tmp" &&
      mv "$heartbeat.tmp" "$heartbeat"
    sleep 10
  done
}

# run_segment NAME COMMAND...: run it, leave a heartbeat every 10 s, and log how it ended.
run_segment() {
  local name=$1
  shift
  local start_iso start_s cpu_before
  start_iso=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  start_s=$(date +%s.%N)
  children_cpu
  cpu_before=$cpu_now
  beat "$name" "$start_iso" "$start_s" &
  local beater=$!
  "$@"
  local rc=$?
  local wall cpu outcome=finished
  wall=$(elapsed "$start_s")
  kill "$beater" 2>/dev/null
  wait "$beater" 2>/dev/null
  children_cpu
  cpu=$(awk -v a="$cpu_now" -v b="$cpu_before" 'BEGIN { printf "%.1f", a - b }')
  ((rc == 0)) || outcome="failed (exit $rc)"
  printf 'segment\t%s\t%s\t%s\t%s\t%s\n' "$name" "$start_iso" "$wall" "$cpu" "$outcome" >>"$log"
  rm -f "$heartbeat"
  return "$rc"
}

# Each segment is `make` itself, so that the lessons run exactly as `make paper` runs them (its
# OPENBLAS_NUM_THREADS=1 and OpenBLAS kernel choice, the release build).
finished build || run_segment build make --no-print-directory data release || exit 1
for n in "${lessons[@]}"; do
  .build/release/lesson --has "$n" || continue
  finished "$n" && { echo "time-paper: lesson $n already finished at $commit; skipped"; continue; }
  run_segment "$n" make --no-print-directory paper LESSONS="$n" PAPER_FLAG="$paper_flag" || {
    echo "time-paper: lesson $n failed; see $log" >&2
    exit 1
  }
done
echo
echo "time-paper: every lesson finished at $commit. Totals (segments summed):"
total "$log"
