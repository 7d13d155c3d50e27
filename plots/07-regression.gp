# 07-regression.gp: the multi-layer regression of chapter 2 with one teleport at
#   step 5 of each kind; median loss over tasks against step and against wall time.
# Input:  datadir/regression.dat (step loss_median seconds_median; blocks: GD then AdaGrad,
#         each none, symmetry, level set, sub-level set)
# Output: outdir/07-regression.svg and outdir/07-regression.png
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/07'
data = datadir.'/regression.dat'

width = 1200
height = 500
array labels[8] = ['GD', 'GD + symmetry', 'GD + level set', 'GD + sub-level set', \
                   'AdaGrad', 'AdaGrad + symmetry', 'AdaGrad + level set', 'AdaGrad + sub-level set']
array styles[8] = [17, 2, 3, 4, 11, 12, 13, 14]

do for [format in formats] {
  eval output(format, '07-regression')
  set multiplot layout 1,2 title 'Multi-layer regression: one teleport at step 5 (median over tasks)'
  set logscale y
  set format y '10^{%L}'
  set key below horizontal maxcols 4 samplen 1.5
  set xrange [0:*]
  set xlabel 'step'
  set ylabel 'ℒ'
  set title 'loss against step'
  plot for [k = 0:7] data index k using 1:2 with lines linestyle styles[k + 1] title labels[k + 1]
  set xlabel 'wall time (s)'
  set title 'loss against wall time'
  plot for [k = 0:7] data index k using 3:2 with lines linestyle styles[k + 1] title labels[k + 1]
  unset multiplot
}
eval finish
