# 07-classification.gp: SGD and AdaGrad on MNIST (and Fashion-MNIST) with no
#   teleport, symmetry, level-set and sub-level-set teleports in epoch 2;
#   median training loss against epoch and against wall time.
# Input:  datadir/classification.dat (epoch train_median test_median seconds_median;
#         blocks: per data set, SGD then AdaGrad, each none, symmetry, level set, sub-level set)
# Output: outdir/07-classification.svg and outdir/07-classification.png
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/07'
data = datadir.'/classification.dat'
stats data using 1 nooutput
datasets = STATS_blocks / 8
array names[2] = ['MNIST', 'Fashion-MNIST']

width = 1200
height = 460 * datasets
array labels[8] = ['SGD', 'SGD + symmetry', 'SGD + level set', 'SGD + sub-level set', \
                   'AdaGrad', 'AdaGrad + symmetry', 'AdaGrad + level set', 'AdaGrad + sub-level set']
array styles[8] = [17, 2, 3, 4, 11, 12, 13, 14]

do for [format in formats] {
  eval output(format, '07-classification')
  set multiplot layout datasets,2 title 'Training loss with each kind of teleport in epoch 2 (median over paired seeds)'
  set logscale y
  set key top right maxrows 4 samplen 1.5 font ',9'
  do for [d = 0:datasets-1] {
    set xlabel 'epoch'
    set ylabel 'training loss'
    set title names[d + 1].': against epoch'
    plot for [k = 0:7] data index 8*d+k using 1:2 with lines linestyle styles[k + 1] title labels[k + 1]
    set xlabel 'wall time (s)'
    set title names[d + 1].': against wall time'
    plot for [k = 0:7] data index 8*d+k using 4:2 with lines linestyle styles[k + 1] title labels[k + 1]
  }
  unset multiplot
}
eval finish
