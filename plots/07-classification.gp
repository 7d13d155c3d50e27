# 07-classification.gp: SGD and AdaGrad on MNIST (and Fashion-MNIST) with no
#   teleport, resets only, symmetry (ours and the paper code's convention), level-set
#   and sub-level-set teleports in
#   epoch 2; median training loss against epoch and against wall time.
# Input:  datadir/classification.dat (epoch train_median test_median seconds_median;
#         blocks: per data set, SGD then AdaGrad, each none, reset only, symmetry,
#         symmetry (paper code), level set, sub-level set)
# Output: outdir/07-classification.svg and outdir/07-classification.png
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/07'
data = datadir.'/classification.dat'
stats data using 1 nooutput
panels = STATS_blocks / 6
array names[4] = ['MNIST, SGD', 'MNIST, AdaGrad', 'Fashion-MNIST, SGD', 'Fashion-MNIST, AdaGrad']
array labels[6] = ['none', 'reset only', 'symmetry', 'symmetry (paper code)', 'level set', 'sub-level set']
array styles[6] = [17, 16, 2, 15, 3, 4]

width = 1100
height = 340 * panels
do for [format in formats] {
  eval output(format, '07-classification')
  set multiplot layout panels,2 title 'Training loss with each kind of teleport in epoch 2 (median over paired seeds)'
  set logscale y
  set key top right samplen 1.5 font ',9'
  do for [p = 0:panels-1] {
    set xlabel 'epoch'
    set ylabel 'training loss'
    set title names[p + 1].': against epoch'
    plot for [k = 0:5] data index 6*p+k using 1:2 with lines linestyle styles[k + 1] title labels[k + 1]
    set xlabel 'wall time (s)'
    set title names[p + 1].': against wall time'
    plot for [k = 0:5] data index 6*p+k using 4:2 with lines linestyle styles[k + 1] title labels[k + 1]
  }
  unset multiplot
}
eval finish
