# 07-level-sets.gp: Rosenbrock and Booth, the level set through a start (which
#   is its SO(2) orbit), and where the SO(2), level-set and sub-level-set
#   teleports land, beside the level set's true maximum of ‖∇ℒ‖².
# Input:  datadir/{rosenbrock,booth}-surface.dat (grid: x y loss, scans of one x)
#         datadir/{rosenbrock,booth}-teleports.dat (x y loss gradient_norm_squared;
#         block 0 the level set, 1 the start, 2 SO(2), 3 level set, 4 sub-level set, 5 maximum)
# Output: outdir/07-level-sets.svg and outdir/07-level-sets.png
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/07'

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
if (!exists("datadir")) datadir = 'plots/data/07'

width = 1100
height = 640
array names[2] = ['rosenbrock', 'booth']
array titles[2] = ['Rosenbrock', 'Booth']
array xlow[2] = [-2, -10]
array xhigh[2] = [3.5, 10]
array ylow[2] = [-1, -10]
array yhigh[2] = [8, 10]

do for [format in formats] {
  eval output(format, '07-level-sets')
  set multiplot layout 1,2 title 'Where each teleport lands: SO(2) orbit (= the level set) and the level-set solver'
  do for [i = 1:2] {
    f = datadir.'/'.names[i].'-teleports.dat'
    set title titles[i]
    set size ratio -1
    set xrange [xlow[i]:xhigh[i]]
    set yrange [ylow[i]:yhigh[i]]
    set xlabel 'x'
    set ylabel 'y'
    set key below horizontal maxcols 2 samplen 1.5
    if (i == 1) {
      plot $rosenbrock_contours using 1:2 with lines linestyle 20 title 'contours of ℒ', \
           f index 0 using 1:2 with lines linestyle 1 title 'level set = SO(2) orbit', \
           f index 1 using 1:2 with points linestyle 7 pointtype 7 pointsize 1.4 title 'start', \
           f index 2 using 1:2 with points linestyle 2 pointtype 9 pointsize 1.8 title 'SO(2) teleport', \
           f index 3 using 1:2 with points linestyle 3 pointtype 5 pointsize 1.4 title 'level-set teleport', \
           f index 4 using 1:2 with points linestyle 4 pointtype 13 pointsize 1.6 title 'sub-level-set teleport', \
           f index 5 using 1:2 with points linestyle 5 pointtype 6 pointsize 2.4 title 'max ‖∇ℒ‖² on the level set'
    } else {
      plot $booth_contours using 1:2 with lines linestyle 20 title 'contours of ℒ', \
           f index 0 using 1:2 with lines linestyle 1 title 'level set = SO(2) orbit', \
           f index 1 using 1:2 with points linestyle 7 pointtype 7 pointsize 1.4 title 'start', \
           f index 2 using 1:2 with points linestyle 2 pointtype 9 pointsize 1.8 title 'SO(2) teleport', \
           f index 3 using 1:2 with points linestyle 3 pointtype 5 pointsize 1.4 title 'level-set teleport', \
           f index 4 using 1:2 with points linestyle 4 pointtype 13 pointsize 1.6 title 'sub-level-set teleport', \
           f index 5 using 1:2 with points linestyle 5 pointtype 6 pointsize 2.4 title 'max ‖∇ℒ‖² on the level set'
    }
  }
  unset multiplot
}
eval finish
