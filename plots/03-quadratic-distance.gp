# 03-quadratic-distance.gp: distance to the minimum against step on a 50-dimensional
#   quadratic, for GD, GD with a teleport before every step (two step sizes),
#   Newton and damped Newton.
# Input:  datadir/quadratic-distance.dat (step gd teleport_gd teleport_gd_half newton damped_newton)
# Output: outdir/03-quadratic-distance.svg and outdir/03-quadratic-distance.png
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/03'

data = datadir.'/quadratic-distance.dat'
# Exact zeros cannot sit on a log axis; draw them at the floor.
floor = 1e-20
clip(x) = (x < floor ? floor : x)

set logscale y
set format y '10^{%L}'
set yrange [floor:10]
set xlabel 'step'
set ylabel '‖w_t − w^*‖ / ‖w_0‖'
# The key sits in the empty corner below the damped curves and above the floor.
set key at graph 0.03, graph 0.38 left top Left reverse vertical samplen 2 spacing 1.2 opaque
set title 'A teleport before a gradient step is a Newton step (50-d quadratic)'

do for [format in formats] {
  eval output(format, '03-quadratic-distance')
  plot data using 1:(clip($2)) with linespoints linestyle 7 title 'GD, η = 1/λ_{max}', \
       data using 1:(clip($3)) with linespoints linestyle 1 title 'teleport + GD, η = 1/λ_{max}', \
       data using 1:(clip($5)) with lines linestyle 12 title 'Newton', \
       data using 1:(clip($4)) with lines linestyle 3 linewidth 4 title 'teleport + GD, η = 0.5/λ_{max}', \
       data using 1:(clip($6)) with points linestyle 4 pointtype 6 pointsize 1.2 title 'damped Newton, α = 0.5'
}
eval finish
