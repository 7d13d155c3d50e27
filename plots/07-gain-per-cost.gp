# 07-gain-per-cost.gp: one teleport of the MNIST network at several points of
#   training: the gain in ‖∇ℒ‖² against gradient + Hessian-vector evaluations,
#   the level-set solver's iterates as lines, each teleport's end as a point.
# Input:  datadir/gain-points.dat (epoch teleporter evaluations gain seconds; one block per
#         checkpoint; teleporters: symmetry η 1e-4, the same under the paper code's convention,
#         symmetry η 0.05, the same under the paper code's, level set, sub-level set)
#         datadir/gain-traces.dat (evaluations gain constraint_gap kkt_residual; blocks per
#         checkpoint: level set, sub-level set)
# Output: outdir/07-gain-per-cost.svg and outdir/07-gain-per-cost.png
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/07'
points = datadir.'/gain-points.dat'
traces = datadir.'/gain-traces.dat'
stats points using 1 nooutput
blocks = STATS_blocks

width = 1200
height = 540
array labels[6] = ['symmetry η 1e-4', 'symmetry η 1e-4, paper code', 'symmetry η 0.05', \
                   'symmetry η 0.05, paper code', 'level set', 'sub-level set']
# The four symmetry teleports often land on one point: η 1e-4 as a large square, η 0.05 as a
# small circle inside it, each paper-code twin hollow around its own; the level-set points in
# their iterates' colours.
array styles[6] = [1, 1, 2, 2, 3, 4]
array types[6] = [5, 4, 7, 6, 9, 11]
array sizes[6] = [3.0, 4.4, 0.8, 2.2, 1.8, 1.8]

do for [format in formats] {
  eval output(format, '07-gain-per-cost')
  set multiplot title 'One teleport: ‖∇ℒ‖² after / before against evaluations (∇ℒ + Hv)'
  set format y '%g'
  set xlabel 'gradient + HVP evaluations'
  set ylabel 'gain in ‖∇ℒ‖²'
  unset key
  do for [b = 0:blocks-1] {
    set origin b * 1.0 / blocks, 0.16
    set size 1.0 / blocks, 0.78
    unset logscale
    set autoscale
    stats points index b using 1 nooutput
    set title sprintf('after %d epochs of SGD', int(STATS_min))
    set logscale xy
    set yrange [0.5:*]
    plot traces index 2*b using 1:2 with linespoints linestyle 3, \
         traces index 2*b+1 using 1:2 with linespoints linestyle 4, \
         for [k = 0:5] points index b using ($2 == k ? $3 : NaN):4 with points linestyle styles[k+1] pointtype types[k+1] pointsize sizes[k+1]
  }
  # One key for the panels, in a strip of its own under them.
  set origin 0, 0
  set size 1, 0.16
  unset logscale
  unset title
  unset xlabel
  unset ylabel
  unset border
  unset xtics
  unset ytics
  unset grid
  set xrange [0:1]
  set yrange [0:1]
  set key center center horizontal maxrows 2 samplen 1.5 width 2
  plot NaN with linespoints linestyle 3 title 'level set (iterates)', \
       NaN with linespoints linestyle 4 title 'sub-level set (iterates)', \
       for [k = 0:5] NaN with points linestyle styles[k+1] pointtype types[k+1] pointsize sizes[k+1] title labels[k+1]
  unset multiplot
  # The frame as plots/style.gp sets it, for the next format.
  set border 3 linecolor rgb '#444444'
  set xtics nomirror out scale 0.6 textcolor rgb '#333333'
  set ytics nomirror out scale 0.6 textcolor rgb '#333333'
  set grid xtics ytics back linestyle 21
}
eval finish
