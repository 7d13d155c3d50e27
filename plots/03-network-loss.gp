# 03-network-loss.gp: loss against step on two small networks for GD, GD after a
#   GL_k or SO(k) teleport, Newton, damped Newton and saddle-free Newton.
# Input:  datadir/network-loss.dat (block 0 regression, block 1 classification;
#         step gd teleport_gd rotation_teleport_gd newton damped_newton saddle_free_newton;
#         NaN marks a diverged run)
# Output: outdir/03-network-loss.svg and outdir/03-network-loss.png
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/03'

data = datadir.'/network-loss.dat'
width = 1100
height = 480
floor = 1e-12
clip(x) = (x < floor ? floor : x)
array names[2] = ['regression [20, 20, 20, 20]', 'classification [12, 12, 12, 3]']

set logscale y
set format y '10^{%L}'
set xlabel 'step'
set ylabel 'loss'

do for [format in formats] {
  eval output(format, '03-network-loss')
  set multiplot layout 1,2
  do for [b = 0:1] {
    set title names[b + 1]
    if (b == 1) { set key at graph 0.98, graph 0.45 right top samplen 2 spacing 1.1 opaque } else { unset key }
    # Newton diverges at once on the classifier: count its finite points and say so in the key.
    stats data index b using 5 nooutput
    newton = (STATS_records <= 1 ? 'Newton (NaN from step 1)' : 'Newton')
    # GD and the SO(k) teleport nearly coincide on the regression: GD is a thick line
    # underneath, SO(k) open points on top, so both stay visible.
    plot data index b using 1:(clip($2)) with lines linestyle 7 linewidth 5 title 'GD', \
         data index b using 1:(clip($3)) with linespoints linestyle 1 title 'GL_k teleport + GD', \
         data index b using 1:(clip($4)) with linespoints linestyle 6 pointtype 6 pointsize 1.2 title 'SO(k) teleport + GD', \
         data index b using 1:(clip($5)) with linespoints linestyle 12 pointtype 5 pointsize 1.2 title newton, \
         data index b using 1:(clip($6)) with lines linestyle 14 title 'damped Newton α = 0.1', \
         data index b using 1:(clip($7)) with linespoints linestyle 3 title 'saddle-free Newton'
  }
  unset multiplot
}
eval finish
