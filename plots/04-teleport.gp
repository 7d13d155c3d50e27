# 04-teleport.gp: the paper's Figure 4 over paired seeds. SGD, and runs that teleport at
#   epoch 20 to lower or raise the sharpness φ (left: our convention and the paper code's)
#   or the curvature ψ (right); median over pairs, dashed training loss, solid validation
#   loss with its interquartile band; the legend counts the runs that blew up (they count as
#   +∞, so a median is never drawn from a minority of surviving runs). One row per data set.
# Input:  datadir/{mnist,fashion-mnist,cifar-10}-teleport.dat (blocks: SGD, lower φ, raise φ,
#         lower φ paper code, raise φ paper code, lower ψ, raise ψ; columns epoch train_median
#         train_q1 train_q3 test_median test_q1 test_q3 blowups seconds_median)
# Output: outdir/04-teleport.svg and outdir/04-teleport.png
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/04'

array files[3] = ['mnist', 'fashion-mnist', 'cifar-10']
array titles[3] = ['MNIST', 'Fashion-MNIST', 'CIFAR-10']
array present[3]
rows = 0
do for [i = 1:3] {
  present[i] = int(system(sprintf("[ -f '%s/%s-teleport.dat' ] && echo 1 || echo 0", datadir, files[i])))
  rows = rows + present[i]
}
array labels[7] = ['SGD', 'lower φ', 'raise φ', 'lower φ, paper code', 'raise φ, paper code', 'lower ψ', 'raise ψ']
array styles[7] = [7, 1, 2, 3, 4, 1, 2]
array blowups[7]

# No data (a merge of Table 1 alone): draw nothing.
if (rows == 0) { print sprintf('%s: no Figure 4 data in %s', ARG0, datadir); exit }

width = 1200
height = 400 * rows + 60

do for [format in formats] {
  eval output(format, '04-teleport')
  set multiplot layout rows,2 title 'Teleporting at epoch 20 to lower or raise φ and ψ (Figure 4): median over paired seeds, validation loss (solid, IQR band) and training loss (dashed)'
  do for [i = 1:3] {
    if (present[i]) {
      data = sprintf('%s/%s-teleport.dat', datadir, files[i])
      # stats honours the ranges the previous panel set.
      set xrange [*:*]; set yrange [*:*]
      do for [k = 0:6] {
        stats data index k using 8 nooutput
        blowups[k + 1] = int(STATS_max)
      }
      stats data index 0 using 1 nooutput
      last = STATS_max
      first = floor(0.375 * last)
      # The y range from SGD's curves after `first`: a blown-up or spiking run is off the axis.
      stats data index 0 every ::first using 2 nooutput
      low = STATS_min
      stats data index 0 every ::first using 5 nooutput
      high = STATS_max
      set yrange [0.9 * low : high + 0.6 * (high - low)]
      # Inf (a quarter or more of the runs blew up) fills the band to the top of the panel.
      ycap = high + 100 * (high - low)
      set xrange [first : last]
      set xlabel 'epoch'
      set ylabel 'loss'
      set key top right
      do for [panel = 1:2] {
        set title sprintf('%s: teleports on %s', titles[i], panel == 1 ? 'φ' : 'ψ')
        # Blocks of this panel: SGD and the φ arms (1–4) or the ψ arms (5, 6).
        kfirst = panel == 1 ? 1 : 5
        klast = panel == 1 ? 4 : 6
        plot for [k = kfirst:klast] data index k using 1:($6 > ycap ? ycap : $6):($7 > ycap ? ycap : $7) with filledcurves linestyle styles[k + 1] notitle, \
             for [k = kfirst:klast] data index k using 1:2 with lines linestyle (10 + styles[k + 1]) notitle, \
             for [k = kfirst:klast] data index k using 1:5 with linespoints linestyle styles[k + 1] pointtype (k + 3) pointinterval -5 \
                 title sprintf('%s, %d blew up', labels[k + 1], blowups[k + 1]), \
             data index 0 using 1:2 with lines linestyle 17 notitle, \
             data index 0 using 1:5 with lines linestyle 7 title sprintf('SGD, %d blew up', blowups[1])
      }
    }
  }
  unset multiplot
}
eval finish
