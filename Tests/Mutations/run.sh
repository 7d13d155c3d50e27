#!/usr/bin/env bash
# Mutation testing by hand, made repeatable: for each line of mutations.tsv, apply
# the mutation to its source file, build, run the Toolkit tests, record which
# tests failed, and restore the file byte for byte.
#
#   Tests/Mutations/run.sh [ID ...]        (from the repository root; all when no ID)
#
# mutations.tsv has four tab-separated columns: ID, FILE, a Perl substitution
# applied to the whole file (perl -0pe), and a one-line description. A mutation
# that does not change its file, or does not compile, is reported as such and
# counts as not caught. Results go to stdout and to .build/mutations/ID.log.
# A mutation of a lesson (Sources/Lessons/LessonNN.swift) runs that lesson's
# --quick snapshot test (Tests/LessonTests) instead of the Toolkit tests.
set -uo pipefail
cd "$(dirname "$0")/../.."
table=Tests/Mutations/mutations.tsv
mkdir -p .build/mutations
# An incremental build does not recompile a module whose imported @inlinable code changed
# (seen with Swift 6.3: a mutant Linear.unguardedSquareRoot stayed inlined, unmutated, in
# Optimizers). So every Toolkit and Lessons file is touched before each build: every module
# that could inline the mutated code compiles again.
touch_dependents() { find Sources/Toolkit Sources/Lessons -name '*.swift' -exec touch {} +; }
while IFS=$'\t' read -r id file expression description; do
  [[ -z "$id" || "$id" == \#* ]] && continue
  if (($# > 0)) && [[ ! " $* " == *" $id "* ]]; then continue; fi
  log=.build/mutations/$id.log
  backup=$(mktemp)
  cp "$file" "$backup"
  perl -0pi -e "$expression" "$file"
  if cmp -s "$file" "$backup"; then
    echo "$id	NOT APPLIED	$file	$description"
    rm -f "$backup"
    continue
  fi
  line=$(diff "$backup" "$file" | grep -m1 -oE '^[0-9]+' )
  touch_dependents
  if ! swift build --build-tests >"$log" 2>&1; then
    echo "$id	DOES NOT COMPILE	$file:$line	$description"
  else
    filter=ToolkitTests
    if [[ "$file" =~ ^Sources/Lessons/Lesson([0-9]+)\.swift$ ]]; then
      filter="LessonTranscriptTests/testChapter${BASH_REMATCH[1]}Transcript"
    fi
    swift test --skip-build --filter "$filter" >>"$log" 2>&1
    failed=$( { grep -oE "Test Case '[^']+' failed" "$log" | sed -E "s/Test Case '(.*)' failed/\1/" ;
                grep -oE "✘ Test [^ ]+ " "$log" | sed -E 's/✘ Test //' ;
                grep -oE "Fatal error: [^\"]{0,80}" "$log" | head -1 | sed 's/^/crash: /' ; } | sort -u | paste -sd ';' -)
    if [[ -n "$failed" ]]; then
      echo "$id	CAUGHT	$file:$line	$description	$failed"
    else
      echo "$id	NOT CAUGHT	$file:$line	$description"
    fi
  fi
  cp "$backup" "$file"
  rm -f "$backup"
  touch_dependents
done < "$table"
# The last build holds the last mutant: rebuild the restored sources, so that a
# later `swift test --skip-build` or `.build/debug/lesson` does not run a mutant.
swift build --build-tests >/dev/null 2>&1 || echo "run.sh: the rebuild of the restored sources failed" >&2
