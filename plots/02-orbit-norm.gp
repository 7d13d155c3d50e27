# 02-orbit-norm.gp: Theorem 3.1 made visible. Along SGD with and without teleports
#   (pair 0, MNIST and Fashion-MNIST), the gradient norm ‖∇ℒ(w_t)‖² and the largest
#   one found near w_t along action (C), max_g ‖∇ℒ(g·w_t)‖², on a fixed batch of 200
#   ((C) is not exact there: the data file's last column is how far the loss moved).
# Input:  datadir/{mnist,fashion}-orbit-norm.dat (blocks: SGD, SGD + teleport, SGD + paper-code
#         teleport, SGD + teleport 0.05; columns step gradient_norm_squared orbit_maximum
#         relative_loss_change)
# Output: outdir/02-orbit-norm.svg and outdir/02-orbit-norm.png
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/02'

width = 1100
height = 520
array names[2] = ['mnist', 'fashion']
array titles[2] = ['MNIST', 'Fashion-MNIST']
array labels[4] = ['SGD', 'teleport 10^{-4}', 'paper-code teleport 10^{-4}', 'teleport 0.05']
# Drawn last, the 0.05 arm gets large open points so it stays visible where it equals SGD.
array points[4] = [5, 7, 9, 10]
array sizes[4] = [1.5, 1.1, 0.8, 1.6]

do for [format in formats] {
  eval output(format, '02-orbit-norm')
  set multiplot layout 1,2 title 'What Theorem 3.1 bounds: ‖∇ℒ(w_t)‖² (solid) and max_g ‖∇ℒ(g·w_t)‖² near w_t (dashed)'
  do for [i = 1:2] {
    data = datadir.'/'.names[i].'-orbit-norm.dat'
    set title titles[i]
    set xlabel 'step'
    set ylabel 'squared gradient norm'
    set logscale y
    set format y '10^{%L}'
    set key below horizontal maxcols 4 samplen 1.5
    # The first three arms nearly coincide: thick to thin lines, each with its own point type.
    plot for [k = 0:3] data index k using 1:2 with linespoints linestyle (1 + k) linewidth (4 - k) \
             pointtype points[k + 1] pointsize sizes[k + 1] title labels[k + 1].': ‖∇ℒ‖²', \
         for [k = 0:3] data index k using 1:3 with linespoints linestyle (11 + k) linewidth (4 - k) \
             pointtype points[k + 1] pointsize sizes[k + 1] title labels[k + 1].': orbit (C)'
  }
  unset multiplot
}
eval finish
