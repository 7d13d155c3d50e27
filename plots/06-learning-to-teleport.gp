# 06-learning-to-teleport.gp: Figure 6 of the paper. Gradient descent and three
#   LSTM meta-optimizers (learned step size + teleport, learned update, learned
#   update + teleport) on held-out [20, 20, 20, 20] regression tasks.
# Input:  datadir/loss-vs-step.dat (step median_loss lower_quartile upper_quartile; one block per
#           optimizer; over held-out tasks x meta-training seeds)
#         datadir/loss-vs-time.dat (seconds median_loss; one block per optimizer)
#         datadir/dldt-vs-loss.dat (loss dL_dt on the last test task, seed 0; one block per optimizer)
# Output: outdir/06-learning-to-teleport.svg and outdir/06-learning-to-teleport.png
# Panels as the paper's learn-to-teleport/plot.py: loss vs step (log y; median and IQR
#   over tasks x seeds, where the paper draws mean ± std over tasks),
#   loss vs wall-clock time (log y), dL/dt vs loss (log-log).
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/06'

width = 1500
height = 460
steps = datadir.'/loss-vs-step.dat'
times = datadir.'/loss-vs-time.dat'
rates = datadir.'/dldt-vs-loss.dat'
names = 'GD LSTM(lr,tele) LSTM(update) LSTM(update,tele)'
# GD is the dashed baseline; the learned optimizers are solid.
style(k) = (k == 0 ? 11 : k + 1)

do for [format in formats] {
  eval output(format, '06-learning-to-teleport')
  set multiplot layout 1, 3 title 'Learning to teleport on held-out regression tasks. Left: median and IQR over tasks × meta-training seeds; middle: seed 0, median over tasks; right: last task, seed 0'

  set logscale y
  format_y = '10^{%L}'
  set format y format_y
  set xrange [0:30]
  set xtics 10
  set xlabel 'step'
  set ylabel 'loss'
  set key top right
  plot for [k = 0:3] steps index k using 1:3:4 with filledcurves linestyle style(k) notitle, \
       for [k = 0:3] steps index k using 1:2 with lines linestyle style(k) title word(names, k + 1)

  # Log time: a GD step takes microseconds, an LSTM(update) step milliseconds.
  set autoscale x
  set xtics autofreq
  set logscale x
  set format x '10^{%L}'
  set xlabel 'wall-clock time (s)'
  unset key
  plot for [k = 0:3] times index k using 1:2 with lines linestyle style(k) title word(names, k + 1)

  set xlabel 'loss'
  set ylabel 'dL/dt = ||∇L||^2'
  plot for [k = 0:3] rates index k using 1:2 with linespoints linestyle style(k) pointsize 0.5 \
       title word(names, k + 1)
  unset logscale x
  set format x '% h'

  unset multiplot
}
eval finish
