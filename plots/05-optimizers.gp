# 05-optimizers.gp: the paper's Figures 5 and 13. For each data set, AdaGrad,
#   momentum, RMSProp and Adam without (blue) and with (orange) teleportation:
#   loss against epoch (top row) and against wall time, teleports included
#   (bottom row); training dashed, test solid; medians over paired seeds, the
#   test loss's interquartile range shaded; the legend counts blow-ups.
# Input:  datadir/optimizers-<dataset>.dat (9 columns: epoch seconds train_median
#         train_q1 train_q3 test_median test_q1 test_q3 blowups; block 2·o + v,
#         o = optimizer, v = 0 without, 1 with teleportation), for each data set the lesson ran
# Output: outdir/05-optimizers-<dataset>.svg and .png (mnist, fashion-mnist, cifar-10)
# One script draws every data set's figure, because the figures differ only in
# their input; data sets without a data file are skipped.
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/05'

array optimizer[4] = ['AdaGrad', 'SGD with momentum', 'RMSProp', 'Adam']
array display[3] = ['MNIST', 'Fashion-MNIST', 'CIFAR-10']
array blowups[2]
datasets = 'mnist fashion-mnist cifar-10'
width = 1500
height = 720
set logscale y
set format y '%g'
set ytics (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.5, 2, 3)
set mytics 1
set key top right font ',9'

do for [d = 1:3] {
  name = word(datasets, d)
  data = datadir.'/optimizers-'.name.'.dat'
  if (system(sprintf("test -f '%s' && echo 1 || echo 0", data)) eq "1") {
    do for [format in formats] {
      eval output(format, '05-optimizers-'.name)
      set multiplot layout 2,4 title display[d].': each optimizer without and with teleportation (median over paired seeds; band: test IQR)'
      do for [o = 0:3] {
        do for [v = 0:1] {
          stats data index (2*o + v) using 9 nooutput
          blowups[v + 1] = int(STATS_max)
        }
        set title optimizer[o + 1]
        set xlabel 'epoch'
        set ylabel (o == 0 ? 'loss' : '')
        plot for [v = 0:1] data index (2*o + v) using 1:7:8 with filledcurves linestyle (v + 1) notitle, \
             for [v = 0:1] data index (2*o + v) using 1:3 with lines linestyle (11 + v) \
                 title (v == 0 ? 'train' : 'train, teleport'), \
             for [v = 0:1] data index (2*o + v) using 1:6 with lines linestyle (1 + v) \
                 title sprintf('%s, %d blow-ups', (v == 0 ? 'test' : 'test, teleport'), blowups[v + 1])
      }
      do for [o = 0:3] {
        set title ''
        set xlabel 'wall time (s)'
        set ylabel (o == 0 ? 'loss' : '')
        plot for [v = 0:1] data index (2*o + v) using 2:7:8 with filledcurves linestyle (v + 1) notitle, \
             for [v = 0:1] data index (2*o + v) using 2:3 with lines linestyle (11 + v) notitle, \
             for [v = 0:1] data index (2*o + v) using 2:6 with lines linestyle (1 + v) notitle
      }
      unset multiplot
    }
    eval finish
  }
}
