# 03-one-teleport.gp: after one teleport the GD trajectory on a quadratic stays
#   teleport-optimal; without it a teleport at any later step would still gain.
# Input:  datadir/one-teleport.dat (step residual_gd gain_gd residual_once gain_once)
# Output: outdir/03-one-teleport.svg and outdir/03-one-teleport.png
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/03'

data = datadir.'/one-teleport.dat'
floor = 1e-17
clip(x) = (x < floor ? floor : x)

set logscale y
set format y '10^{%L}'
set yrange [floor:100]
set xlabel 'GD step (η = 0.2/λ_{max})'
set ylabel 'gain or residual'
set key inside right center vertical samplen 2 spacing 1.3 opaque
set title 'One teleport is enough on a quadratic'

do for [format in formats] {
  eval output(format, '03-one-teleport')
  plot data using 1:(clip($3)) with linespoints linestyle 2 title 'gain of a teleport, no teleport so far', \
       data using 1:(clip($2)) with linespoints linestyle 12 title 'eigenvector residual, no teleport', \
       data using 1:(clip($5)) with linespoints linestyle 1 title 'gain of a teleport, after one', \
       data using 1:(clip($4)) with linespoints linestyle 11 title 'eigenvector residual, after one'
}
eval finish
