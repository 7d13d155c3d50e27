# 02-test-functions.gp: the predecessor's Figure 2. Gradient descent on Rosenbrock
#   (top) and Booth (bottom), without and with teleports: trajectories on the level
#   sets with the teleport jumps, the loss and dℒ/dt = ‖∇ℒ‖² against the step.
# Input:  datadir/{rosenbrock,booth}-{surface,gd,teleport,jumps}.dat
# Output: outdir/02-test-functions.svg and outdir/02-test-functions.png
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/02'

set contour base
unset surface
set view map
set cntrparam levels discrete 1, 10, 100, 1000, 10000
set table $rosenbrock_contours
splot datadir.'/rosenbrock-surface.dat' using 1:2:3 with lines
unset table
set cntrparam levels discrete 1, 3.162, 10, 31.62, 100, 316.2, 1000, 3162, 10000
set table $booth_contours
splot datadir.'/booth-surface.dat' using 1:2:3 with lines
unset table
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/02'

width = 1200
height = 760
array names[2] = ['rosenbrock', 'booth']
array titles[2] = ['Rosenbrock', 'Booth']
array boxes[2] = [2, 10]

do for [format in formats] {
  eval output(format, '02-test-functions')
  set multiplot layout 2,3 title 'Gradient descent with and without teleportation (after Zhao et al. 2022, Figure 2)'
  do for [i = 1:2] {
    gd = datadir.'/'.names[i].'-gd.dat'
    tp = datadir.'/'.names[i].'-teleport.dat'
    jumps = datadir.'/'.names[i].'-jumps.dat'
    set title titles[i].': trajectories'
    set size ratio -1
    set xrange [-boxes[i]:boxes[i]]
    set yrange [-boxes[i]:boxes[i]]
    set xlabel 'x'
    set ylabel 'y'
    unset logscale y
    set format y '%g'
    set key below horizontal samplen 1.5
    if (i == 1) {
      plot $rosenbrock_contours using 1:2 with lines linestyle 20 notitle, \
           gd using 2:3 with lines linestyle 1 title 'GD', \
           tp using 2:3 with lines linestyle 2 title 'GD + teleport', \
           jumps using 1:2 with linespoints linestyle 15 pointtype 7 pointsize 0.7 title 'teleport', \
           '+' using (1):(1) every ::0::0 with points linestyle 7 pointtype 3 pointsize 2 title 'minimum'
    } else {
      plot $booth_contours using 1:2 with lines linestyle 20 notitle, \
           gd using 2:3 with linespoints linestyle 1 pointsize 0.5 title 'GD', \
           tp using 2:3 with linespoints linestyle 2 pointsize 0.5 title 'GD + teleport', \
           jumps using 1:2 with linespoints linestyle 15 pointtype 7 pointsize 0.7 title 'teleport', \
           '+' using (1):(3) every ::0::0 with points linestyle 7 pointtype 3 pointsize 2 title 'minimum'
    }
    set size noratio
    set autoscale xy
    set xlabel 'step'
    set logscale y
    set format y '10^{%L}'
    set title titles[i].': loss'
    set ylabel 'ℒ'
    plot gd using 1:4 with lines linestyle 1 title 'GD', tp using 1:4 with lines linestyle 2 title 'GD + teleport'
    set title titles[i].': dℒ/dt'
    set ylabel 'dℒ/dt = ‖∇ℒ‖²'
    plot gd using 1:5 with lines linestyle 1 title 'GD', tp using 1:5 with lines linestyle 2 title 'GD + teleport'
    unset logscale y
  }
  unset multiplot
}
eval finish
