# 04-teleport-difference.gp: Figure 4 as paired differences. For each teleport arm, the
#   validation loss minus SGD's on the same seed: median over pairs with the interquartile
#   band, φ arms (our convention and the paper code's) left, ψ arms right; a run that blew up
#   counts as +∞ (the legend counts them), so a median is not drawn where most blew up.
# Input:  datadir/{mnist,fashion-mnist,cifar-10}-teleport-difference.dat (blocks: lower φ,
#         raise φ, lower φ paper code, raise φ paper code, lower ψ, raise ψ; columns epoch
#         difference_median difference_q1 difference_q3 blowups)
# Output: outdir/04-teleport-difference.svg and outdir/04-teleport-difference.png
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/04'

array files[3] = ['mnist', 'fashion-mnist', 'cifar-10']
array titles[3] = ['MNIST', 'Fashion-MNIST', 'CIFAR-10']
array present[3]
rows = 0
do for [i = 1:3] {
  present[i] = int(system(sprintf("[ -f '%s/%s-teleport-difference.dat' ] && echo 1 || echo 0", datadir, files[i])))
  rows = rows + present[i]
}
array labels[6] = ['lower φ', 'raise φ', 'lower φ, paper code', 'raise φ, paper code', 'lower ψ', 'raise ψ']
array styles[6] = [1, 2, 3, 4, 1, 2]
array blowups[6]

# No data (a merge of Table 1 alone): draw nothing.
if (rows == 0) { print sprintf('%s: no Figure 4 data in %s', ARG0, datadir); exit }

width = 1200
height = 400 * rows + 60

do for [format in formats] {
  eval output(format, '04-teleport-difference')
  set multiplot layout rows,2 title 'Figure 4 as paired differences: validation loss of each teleport arm minus SGD on the same seed (median, IQR band)'
  do for [i = 1:3] {
    if (present[i]) {
      data = sprintf('%s/%s-teleport-difference.dat', datadir, files[i])
      # stats honours the ranges the previous panel set.
      set xrange [*:*]; set yrange [*:*]
      do for [k = 0:5] {
        stats data index k using 5 nooutput
        blowups[k + 1] = int(STATS_max)
      }
      stats data index 0 using 1 nooutput
      last = STATS_max
      first = floor(0.375 * last)
      set xrange [first : last]
      set xlabel 'epoch'
      set ylabel 'Δ validation loss vs SGD'
      set key top left
      do for [panel = 1:2] {
        set title sprintf('%s: teleports on %s (below 0: better than SGD)', titles[i], panel == 1 ? 'φ' : 'ψ')
        kfirst = panel == 1 ? 0 : 4
        klast = panel == 1 ? 3 : 5
        # The y range from the medians of this panel (finite ones); bands may leave it.
        set yrange [*:*]
        low = 0; high = 0
        do for [k = kfirst:klast] {
          stats data index k every ::first using (abs($2) < 1e300 ? $2 : NaN) nooutput
          if (STATS_records > 0) { low = (STATS_min < low ? STATS_min : low); high = (STATS_max > high ? STATS_max : high) }
        }
        pad = 0.3 * (high - low) + 1e-4
        set yrange [low - pad : high + pad]
        # Every finite median is 0 (before the teleports): after them, half or more of the
        # runs blew up in every arm, and the panel says so instead of showing an empty range.
        unset label 1
        if (high - low == 0) {
          set label 1 "after the teleports every median is +∞:\nhalf or more of the runs blew up" at graph 0.5, graph 0.35 center
        }
        # Inf (a quarter or more of the pairs blew up) fills the band to the top of the panel.
        ycap = high + 100 * pad
        plot for [k = kfirst:klast] data index k using 1:($3 > ycap ? ycap : $3):($4 > ycap ? ycap : $4) with filledcurves linestyle styles[k + 1] notitle, \
             for [k = kfirst:klast] data index k using 1:2 with linespoints linestyle styles[k + 1] pointtype (k + 4) pointinterval -5 \
                 title sprintf('%s, %d blew up', labels[k + 1], blowups[k + 1]), \
             0 with lines linestyle 20 notitle
      }
    }
  }
  unset multiplot
  unset label 1
}
eval finish
