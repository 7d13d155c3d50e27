# 02-classification.gp: SGD with and without teleportation on MNIST and
#   Fashion-MNIST, [784, 16, 10, 10]: loss against epoch and against wall time
#   (teleport time included); training dashed, test solid, ±1 std band on test.
# Input:  datadir/{mnist,fashion}-sgd.dat (blocks: SGD, SGD + teleport, SGD + teleport 0.05;
#         columns epoch train_mean train_std test_mean test_std seconds_mean)
# Output: outdir/02-classification.svg and outdir/02-classification.png
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/02'

width = 1100
height = 820
array names[2] = ['mnist', 'fashion']
array titles[2] = ['MNIST', 'Fashion-MNIST']
array labels[3] = ['SGD', 'SGD + teleport (η_{tele} = 10^{-4})', 'SGD + teleport (η_{tele} = 0.05, checked)']

do for [format in formats] {
  eval output(format, '02-classification')
  set multiplot layout 2,2 title 'SGD with teleportation: training (dashed) and test (solid) loss, mean ± std (log scale)'
  do for [i = 1:2] {
    data = datadir.'/'.names[i].'-sgd.dat'
    set key top right
    set ylabel 'loss'
    set logscale y
    set format y '%g'
    set title titles[i].': against epoch'
    set xlabel 'epoch'
    plot for [k = 0:2] data index k using 1:($4 - $5 > $4 / 10 ? $4 - $5 : $4 / 10):($4 + $5) with filledcurves linestyle (k + 1) notitle, \
         for [k = 0:2] data index k using 1:2 with lines linestyle (11 + k) notitle, \
         for [k = 0:2] data index k using 1:4 with lines linestyle (1 + k) title labels[k + 1]
    set title titles[i].': against wall time'
    set xlabel 'seconds (teleports included)'
    plot for [k = 0:2] data index k using 6:2 with lines linestyle (11 + k) notitle, \
         for [k = 0:2] data index k using 6:4 with lines linestyle (1 + k) title labels[k + 1]
  }
  unset multiplot
}
eval finish
