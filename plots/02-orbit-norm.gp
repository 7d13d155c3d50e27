# 02-orbit-norm.gp: Theorem 3.1 made visible. Along SGD with and without teleports
#   (run 0, MNIST and Fashion-MNIST), the gradient norm ‖∇ℒ(w_t)‖² and the largest
#   one found on the orbit near w_t, max_g ‖∇ℒ(g·w_t)‖², on a fixed batch of 200.
# Input:  datadir/{mnist,fashion}-orbit-norm.dat (blocks: SGD, SGD + teleport,
#         SGD + teleport 0.05; columns step gradient_norm_squared orbit_maximum relative_loss_change)
# Output: outdir/02-orbit-norm.svg and outdir/02-orbit-norm.png
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/02'

width = 1100
height = 520
array names[2] = ['mnist', 'fashion']
array titles[2] = ['MNIST', 'Fashion-MNIST']
array labels[3] = ['SGD', 'teleport 10^{-4}', 'teleport 0.05']

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
    set key below horizontal maxcols 3 samplen 1.5
    plot for [k = 0:2] data index k using 1:2 with linespoints linestyle (1 + k) pointsize 0.5 title labels[k + 1].': ‖∇ℒ‖²', \
         for [k = 0:2] data index k using 1:3 with linespoints linestyle (11 + k) pointsize 0.5 title labels[k + 1].': orbit'
  }
  unset multiplot
}
eval finish
