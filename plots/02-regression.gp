# 02-regression.gp: the predecessor's multi-layer regression ([4, 5, 6, 7, 8]):
#   GD and AdaGrad with and without one teleport at step 5; loss against step
#   (median over tasks) and against wall time, and dℒ/dt against step.
# Input:  datadir/regression.dat (blocks: GD, GD + teleport, AdaGrad, AdaGrad + teleport,
#         GD + exact teleport, AdaGrad + exact teleport;
#         columns step loss_mean loss_std dL_dt_mean seconds_mean loss_median dL_dt_median)
# Output: outdir/02-regression.svg and outdir/02-regression.png
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/02'
data = datadir.'/regression.dat'

width = 1200
height = 480
array labels[6] = ['GD', 'GD + teleport (B′)', 'AdaGrad', 'AdaGrad + teleport (B′)', 'GD + exact teleport (B)', 'AdaGrad + exact teleport (B)']
array styles[6] = [11, 1, 12, 2, 3, 5]

do for [format in formats] {
  eval output(format, '02-regression')
  set multiplot layout 1,3 title 'Multi-layer regression: one teleport at step 5 (median over tasks)'
  set logscale y
  set format y '10^{%L}'
  set key below horizontal maxcols 3 samplen 1.5
  # One AdaGrad + exact-teleport task blows up (the transcript says so): its mean would leave
  # every axis, so we draw medians, which one task cannot drag.
  set yrange [0.5:1e4]
  set xlabel 'step'
  set ylabel 'ℒ'
  set title 'loss'
  # Losses of different tasks differ by orders of magnitude, so a ±std band is not
  # meaningful on this log axis; the std is in the data file and in the transcript.
  plot for [k = 0:5] data index k using 1:6 with lines linestyle styles[k + 1] title labels[k + 1]
  set xlabel 'wall time (s)'
  set format x '%g'
  set xtics autofreq
  set title 'loss against time'
  plot for [k = 0:5] data index k using 5:6 with lines linestyle styles[k + 1] title labels[k + 1]
  set xlabel 'step'
  set format x '%g'
  set xtics autofreq
  set yrange [1e-2:1e12]
  set ylabel 'dℒ/dt = ‖∇ℒ‖²'
  set title 'dℒ/dt'
  plot for [k = 0:5] data index k using 1:7 with lines linestyle styles[k + 1] title labels[k + 1]
  unset multiplot
}
eval finish
