# style.gp: the shared look of every figure in Teleportation.
#
# Loaded by every plots/NN-name.gp right after `reset`. It sets fonts, sizes,
# line styles, grid, border and key, and defines how a script writes its SVG
# and PNG from one plot command:
#
#   do for [format in formats] {
#     eval output(format, 'NN-name')
#     plot ...
#   }
#   eval finish
#
# Expects `outdir` (where figures go); Figure.render and `make plots` set it.

if (!exists("outdir")) outdir = 'plots/out'

# --- Terminals: fixed size and font, headless ---------------------------------
font_spec = 'DejaVu Sans,11'
width = 800                 # pixels (single panel); scripts may change width/height before output()
height = 500
formats = 'svg png'

svg_terminal(w, h) = sprintf("set terminal svg size %d,%d font '%s' linewidth 1.2 background rgb 'white'", w, h, font_spec)
png_terminal(w, h) = sprintf("set terminal pngcairo size %d,%d font '%s' linewidth 1.2 background rgb 'white'", w, h, font_spec)

# output('svg', 'NN-name') is the command that sets the terminal and the file
# outdir/NN-name.svg; use it with `eval`.
output(format, name) = (format eq 'svg' ? svg_terminal(width, height) : png_terminal(width, height)) \
  . sprintf("; set output '%s/%s.%s'", outdir, name, format)
finish = 'unset output'

# --- Line styles: Okabe-Ito, safe for colour-blind readers --------------------
# ls 1..8 solid, ls 11..18 the same colours dashed (baselines, references).
array palette[8] = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442']
do for [i = 1:8] {
  set style line i      linecolor rgb palette[i] linewidth 2 dashtype solid pointtype 7 pointsize 0.6
  set style line (10+i) linecolor rgb palette[i] linewidth 2 dashtype (6,4) pointtype 6 pointsize 0.6
}
# ls 20: thin grey for reference lines (zero, the paper's value).
set style line 20 linecolor rgb '#999999' linewidth 1 dashtype (2,3)
# ls 21: the grid.
set style line 21 linecolor rgb '#e5e5e5' linewidth 1 dashtype solid

# --- Frame, grid, key --------------------------------------------------------
set border 3 linecolor rgb '#444444'
set tics nomirror out scale 0.6 textcolor rgb '#333333'
set grid xtics ytics back linestyle 21
set key top right noopaque nobox samplen 2.5 spacing 1.1 textcolor rgb '#222222'
set style fill transparent solid 0.2 noborder   # mean ± std bands with `filledcurves`
set datafile commentschars '#'
set datafile missing 'NaN'
