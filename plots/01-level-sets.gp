# 01-level-sets.gp: Rosenbrock and Booth with the SO(2) orbit through a point
#   (it is that point's level set) and the gradient norm along the orbit.
# Input:  datadir/{rosenbrock,booth}-surface.dat (grid: x y loss, scans of one x)
#         datadir/{rosenbrock,booth}-orbit.dat   (theta x y loss gradient_norm_squared;
#         block 0 the orbit, block 1 the start, block 2 a teleport's destination)
# Output: outdir/01-level-sets.svg and outdir/01-level-sets.png
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/01'

# Contour lines of each surface, extracted once into temporary tables.
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
unset contour
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/01'

width = 1000
height = 820
array names[2] = ['rosenbrock', 'booth']
array titles[2] = ['Rosenbrock', 'Booth']
# Square windows around each function's region of interest; Rosenbrock's orbit through (0, 0)
# reaches y = 4 and its teleport lands near (1.5, 2.5), so its window is centred above the origin.
array boxes[2] = [2.75, 10]
array cx[2] = [0.5, 0]
array cy[2] = [1.75, 0]

do for [format in formats] {
  eval output(format, '01-level-sets')
  set multiplot layout 2,2 title 'SO(2) acting on (u, v): every orbit is a level set'
  do for [i = 1:2] {
    orbit = datadir.'/'.names[i].'-orbit.dat'
    set title titles[i].': level sets and the orbit through the start'
    set size ratio -1
    set xrange [cx[i] - boxes[i]:cx[i] + boxes[i]]
    set yrange [cy[i] - boxes[i]:cy[i] + boxes[i]]
    set xlabel 'x'
    set ylabel 'y'
    set key below horizontal samplen 1.5
    if (i == 1) {
      plot $rosenbrock_contours using 1:2 with lines linestyle 20 title 'level sets', \
           orbit index 0 using 2:3 with lines linestyle 1 title 'orbit', \
           orbit index 1 using 2:3 with points linestyle 2 pointtype 7 pointsize 1.4 title 'start', \
           orbit index 2 using 2:3 with points linestyle 3 pointtype 9 pointsize 1.6 title 'teleported'
    } else {
      plot $booth_contours using 1:2 with lines linestyle 20 title 'level sets', \
           orbit index 0 using 2:3 with lines linestyle 1 title 'orbit', \
           orbit index 1 using 2:3 with points linestyle 2 pointtype 7 pointsize 1.4 title 'start', \
           orbit index 2 using 2:3 with points linestyle 3 pointtype 9 pointsize 1.6 title 'teleported'
    }
  }
  do for [i = 1:2] {
    orbit = datadir.'/'.names[i].'-orbit.dat'
    set title titles[i].': gradient norm along the orbit'
    set size noratio
    set xrange [0:2*pi]
    set autoscale y
    set logscale y
    set format y '10^{%L}'
    set xlabel 'rotation angle θ of (u, v)'
    set ylabel '‖∇ℒ‖²'
    set key below horizontal samplen 1.5
    stats orbit index 2 using 5 nooutput
    destination = STATS_max
    plot orbit index 0 using 1:5 with lines linestyle 1 title '‖∇ℒ‖² on the orbit', \
         orbit index 1 using 1:5 with points linestyle 2 pointtype 7 pointsize 1.4 title 'start', \
         destination with lines linestyle 13 title 'after a teleport'
    unset logscale y
    set format y '%g'
  }
  unset multiplot
}
eval finish
