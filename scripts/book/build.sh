#!/usr/bin/env bash
# Renders chapters/*.md into a static, offline HTML book under book/ (make book).
#
# Needs pandoc and libjs-katex (Debian); `make book` installs them when missing. KaTeX, the
# figures and the stylesheet are copied into the site, so it works from file:// with no
# network. Chapters are read in the order chapters/README.md lists them; a chapter file the
# contents page does not list yet is appended at the end, with a warning.
set -euo pipefail
cd "$(dirname "$0")/../.."

out=${BOOK_DIR:-book}
here=scripts/book
katex=${KATEX_DIR:-/usr/share/javascript/katex}

command -v pandoc >/dev/null || { echo "book: pandoc is missing; run make book" >&2; exit 1; }
[ -f "$katex/katex.min.js" ] || { echo "book: KaTeX is missing in $katex; run make book" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/katex" "$out/figures/paper"
cp "$katex/katex.min.js" "$katex/katex.min.css" "$out/katex/"
cp -rL "$katex/fonts" "$out/katex/"  # Debian links fonts/ to fonts-katex: copy the files
cp "$here/style.css" "$here/render-math.js" "$out/"
for dir in plots/out plots/paper/out; do
  dest="$out/figures/${dir#plots/}"; dest=${dest%out}
  compgen -G "$dir/*.svg" >/dev/null && cp "$dir"/*.svg "$dest"
  compgen -G "$dir/*.png" >/dev/null && cp "$dir"/*.png "$dest"
done

# Chapter files in contents order: those chapters/README.md links to, then any others.
mapfile -t listed < <(grep -oE '\]\([0-9A-Z][0-9A-Za-z]*-[^)#]*\.md\)' chapters/README.md \
  | sed -E 's/^\]\((.*)\)$/\1/' | awk '!seen[$0]++')
chapters=()
for name in "${listed[@]}"; do
  if [ -f "chapters/$name" ]; then chapters+=("$name")
  else echo "book: chapters/README.md lists $name, which does not exist; skipped" >&2; fi
done
for path in chapters/[0-9A]*-*.md; do
  name=${path#chapters/}
  if [[ " ${chapters[*]} " != *" $name "* ]]; then
    echo "book: $name is not listed in chapters/README.md; appended at the end" >&2
    chapters+=("$name")
  fi
done

title_of() { sed -n 's/^# //p' "chapters/$1" | head -n 1; }
html_of() { echo "${1%.md}.html"; }

# Markdown as GitHub reads it (pipe tables, $…$ and $$…$$ mathematics, GitHub's heading
# anchors); pandoc's gfm reader follows GitHub's rules. preprocess.py keeps a formula that is
# split over two lines whole.
render() { # source.md output.html [pandoc options...]
  local src=$1 dst=$2; shift 2
  python3 "$here/preprocess.py" < "$src" | pandoc \
    --from=gfm+tex_math_dollars+implicit_figures-yaml_metadata_block \
    --to=html5 --katex --standalone --template="$here/template.html" \
    --lua-filter="$here/links.lua" --metadata=book-dir="$out" \
    --metadata=source="$src" --output="$out/$dst" "$@"
}

count=${#chapters[@]}
render chapters/README.md index.html --metadata=pagetitle=Contents \
  --metadata=next-href="$(html_of "${chapters[0]}")" --metadata=next-title="$(title_of "${chapters[0]}")"
for i in "${!chapters[@]}"; do
  name=${chapters[$i]}
  nav=()
  if [ "$i" -gt 0 ]; then
    prev=${chapters[$((i - 1))]}
    nav+=(--metadata=prev-href="$(html_of "$prev")" --metadata=prev-title="$(title_of "$prev")")
  else
    nav+=(--metadata=prev-href=index.html --metadata=prev-title=Contents)
  fi
  if [ "$i" -lt $((count - 1)) ]; then
    next=${chapters[$((i + 1))]}
    nav+=(--metadata=next-href="$(html_of "$next")" --metadata=next-title="$(title_of "$next")")
  fi
  lesson=$(grep -m 1 -oE 'swift run lesson [0-9A-Z]+' "chapters/$name" || true)
  render "chapters/$name" "$(html_of "$name")" --toc --toc-depth=2 \
    --metadata=pagetitle="$(title_of "$name")" ${lesson:+--metadata=lesson="$lesson"} "${nav[@]}"
done
echo "book: $count chapters and the contents page in $out/; open $out/index.html"
