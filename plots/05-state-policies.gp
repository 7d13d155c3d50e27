# 05-state-policies.gp: what to do with the optimizer's state at a teleport.
#   For each optimizer, the median training loss per epoch divided by that of the
#   same optimizer without teleportation (1 = no change, below 1 = better), with
#   resets alone (the control), and with teleports followed by reset (the
#   paper), keep or transport.
# Input:  datadir/state-policies.dat (11 columns, the ratio in column 10, blow-ups in 9; block
#         5·o + v, v = none, reset only, teleport + reset, keep, transport)
# Output: outdir/05-state-policies.svg and outdir/05-state-policies.png
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/05'

data = datadir.'/state-policies.dat'
array optimizer[4] = ['AdaGrad', 'SGD with momentum', 'RMSProp', 'Adam']
array variant[5] = ['no teleport (= 1)', 'reset only (control)', 'teleport + reset (paper)', 'teleport + keep', 'teleport + transport']
array style[5] = [7, 16, 2, 3, 4]
width = 1500
height = 420
set key top right font ',9'
# Curves that coincide (keep and transport often do) are drawn thick to thin, each with its
# own point type, so that none hides another.
# Gains of a few per cent and losses of 50% share one log axis, clipped at ylimit;
# a curve that leaves it (a run that blew up) has its peak printed in the panel title.
ylimit = 2.5
# (stats honours yrange, so the peaks are measured before the range is set)
array peak[4]
array blowups[20]
do for [o = 0:3] {
  peak[o + 1] = 0
  do for [v = 1:4] {
    stats data index (5*o + v) using 10 nooutput
    if (STATS_max > peak[o + 1]) { peak[o + 1] = STATS_max }
    stats data index (5*o + v) using 9 nooutput
    blowups[5*o + v + 1] = int(STATS_max)
  }
}
set logscale y
set yrange [0.6:ylimit]
set ytics (0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 2, 2.5)
set mytics 1
set xlabel 'epoch'

do for [format in formats] {
  eval output(format, '05-state-policies')
  set multiplot layout 1,4 title 'Training loss under each state policy, relative to the same optimizer without teleportation (medians over paired seeds)'
  do for [o = 0:3] {
    set title optimizer[o + 1] . (peak[o + 1] > ylimit ? sprintf(' (clipped: peak %.3g)', peak[o + 1]) : '')
    set ylabel (o == 0 ? 'training loss / no-teleport training loss' : '')
    plot 1 with lines linestyle 20 notitle, \
         for [v = 1:4] data index (5*o + v) using 1:10 with linespoints linestyle style[v + 1] \
             linewidth (5 - v) * 0.9 pointtype (3 + v) pointsize (1.6 - 0.25 * v) \
         title sprintf('%s%s', (o == 0 ? variant[v + 1] : ''), (blowups[5*o + v + 1] > 0 ? sprintf(' (%d blow-ups)', blowups[5*o + v + 1]) : ''))
  }
  unset multiplot
}
eval finish
