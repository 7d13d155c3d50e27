# 01-orbit.gp: along an orbit curve exp(tM)·w the loss stays flat while the
#   gradient norm varies (the paper's Figure 1, as data); the teleport's
#   destination along the curve is marked.
# Input:  datadir/orbit.dat  (columns t loss gradient_norm_squared relative_loss_change;
#         block 0 the curve, block 1 the destination)
# Output: outdir/01-orbit.svg and outdir/01-orbit.png
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/01'
data = datadir.'/orbit.dat'

height = 640

do for [format in formats] {
  eval output(format, '01-orbit')
  set multiplot layout 2,1 title 'Along the orbit exp(tM)·w of action (B): the same loss, another gradient norm'
  set xrange [-1:1]
  set format x ''
  unset xlabel
  set ylabel '(ℒ(t) − ℒ(0)) / ℒ(0)'
  set yrange [-1e-14:1e-14]
  set format y '%.0e'
  set key top right
  plot data index 0 using 1:4 with linespoints linestyle 1 pointsize 0.4 title 'relative loss change (rounding)', \
       data index 1 using 1:4 with points linestyle 2 pointtype 7 pointsize 1.6 title 'teleport destination'
  set format x '%g'
  set xlabel 't   (M: steepest ascent of ‖∇ℒ‖² at t = 0, ‖M‖_F = 1)'
  set ylabel '‖∇ℒ‖²'
  set autoscale y
  set logscale y
  set format y '%g'
  set key top left
  plot data index 0 using 1:3 with lines linestyle 2 title '‖∇ℒ(exp(tM)·w)‖²', \
       data index 1 using 1:3 with points linestyle 2 pointtype 7 pointsize 1.6 title 'teleport destination'
  unset logscale y
  unset multiplot
}
eval finish
