# 02-classification.gp: SGD with and without teleportation on MNIST and
#   Fashion-MNIST, [784, 16, 10, 10]: loss against epoch and against wall time
#   (teleport time included); training dashed, test solid; median over paired
#   seeds with the interquartile band of the test loss; the legend counts blow-ups.
# Input:  datadir/{mnist,fashion}-sgd.dat (blocks: SGD, SGD + teleport, SGD + paper-code
#         teleport, SGD + teleport 0.05; columns epoch train_median train_q1 train_q3
#         test_median test_q1 test_q3 blowups seconds_median)
# Output: outdir/02-classification.svg and outdir/02-classification.png
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/02'

width = 1100
height = 820
array names[2] = ['mnist', 'fashion']
array titles[2] = ['MNIST', 'Fashion-MNIST']
array labels[4] = ['SGD', 'SGD + teleport (η_{tele} = 10^{-4})', 'SGD + paper-code teleport (10^{-4})', 'SGD + teleport (η_{tele} = 0.05, checked)']
array blowups[4]

do for [format in formats] {
  eval output(format, '02-classification')
  set multiplot layout 2,2 title 'SGD with teleportation: training (dashed) and test (solid) loss, median and IQR over paired seeds (log scale)'
  do for [i = 1:2] {
    data = datadir.'/'.names[i].'-sgd.dat'
    do for [k = 0:3] {
      stats data index k using 8 nooutput
      blowups[k + 1] = int(STATS_max)
    }
    set key top right
    set ylabel 'loss'
    set logscale y
    set format y '%g'
    set title titles[i].': against epoch'
    set xlabel 'epoch'
    # Teleporting arms dash differently so that a curve under another stays visible.
    plot for [k = 0:3] data index k using 1:6:7 with filledcurves linestyle (k + 1) notitle, \
         for [k = 0:3] data index k using 1:2 with lines linestyle (11 + k) notitle, \
         for [k = 0:3] data index k using 1:5 with linespoints linestyle (1 + k) pointtype (k + 4) pointinterval -(k + 2) \
             title sprintf('%s, %d blow-ups', labels[k + 1], blowups[k + 1])
    set title titles[i].': against wall time'
    set xlabel 'seconds (teleports included)'
    plot for [k = 0:3] data index k using 9:2 with lines linestyle (11 + k) notitle, \
         for [k = 0:3] data index k using 9:5 with linespoints linestyle (1 + k) pointtype (k + 4) pointinterval -(k + 2) \
             title labels[k + 1]
  }
  unset multiplot
}
eval finish
