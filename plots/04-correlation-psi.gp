# 04-correlation-psi.gp: the paper's Figure 9 (as we number it): validation loss
#   against the orbit curvature ψ at the final weights, one point per SGD run,
#   one panel per data set, with Pearson's r in the key.
# Input:  datadir/correlation.dat (columns run validation_loss train_loss phi psi;
#         one block per data set, named in its '# block k: NAME' comment)
# Output: outdir/04-correlation-psi.svg and outdir/04-correlation-psi.png
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/04'
data = datadir.'/correlation.dat'
if (!exists("measure")) measure = 'psi'
column_of_measure = (measure eq 'psi') ? 5 : 4
symbol = (measure eq 'psi') ? 'ψ (orbit curvature)' : 'φ (sharpness)'
axis_label = symbol.' × 10³'
figure_name = (measure eq 'psi') ? '04-correlation-psi' : '04-correlation-phi'

stats data using 2 nooutput
blocks = STATS_blocks
# The data set of each block, from the data file's '# block k: NAME' comments, so that a
# run on one data set (--dataset) is labelled right.
names = system("sed -n 's/^# block [0-9]*: //p' '".data."'")
array r[3]
do for [b = 0:blocks - 1] {
  stats data index b using column_of_measure:2 nooutput
  r[b + 1] = STATS_correlation
}

width = blocks == 1 ? 640 : 420 * blocks + 80
height = 440
set format x '%g'
set xtics rotate by -30

do for [format in formats] {
  eval output(format, figure_name)
  set multiplot layout 1,blocks title sprintf('Validation loss against %s, one point per run', symbol)
  do for [b = 0:blocks - 1] {
    set title word(names, b + 1)
    set xlabel axis_label
    set ylabel 'validation loss'
    set key top left
    plot data index b using (1000 * column(column_of_measure)):2 with points linestyle (b + 1) title sprintf('r = %.3f', r[b + 1])
  }
  unset multiplot
}
eval finish
