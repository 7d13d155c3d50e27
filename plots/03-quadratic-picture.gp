# 03-quadratic-picture.gp: a 2-D quadratic ½wᵀAw, its level sets, the teleport arc
#   along one level set, and three steps: the gradient step from the start, the
#   gradient step from the teleported point, and the Newton step from the start.
# Input:  datadir/quadratic-picture.dat (blocks 0-3 level sets, block 4 the arc)
#         datadir/quadratic-steps.dat   (x y dx dy kind)
# Output: outdir/03-quadratic-picture.svg and outdir/03-quadratic-picture.png
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/03'

levels = datadir.'/quadratic-picture.dat'
steps = datadir.'/quadratic-steps.dat'

width = 700
height = 640
set size ratio -1
set xrange [-1.9:1.9]
set yrange [-1.7:1.7]
set xlabel 'w_1'
set ylabel 'w_2'
set key outside below horizontal samplen 2 spacing 1.2 maxrows 2
set title 'Teleport along a level set, then one gradient step lands on the minimum'

do for [format in formats] {
  eval output(format, '03-quadratic-picture')
  plot levels index 0:3 using 1:2 with lines linestyle 20 title 'level sets', \
       levels index 4 using 1:2 with lines linestyle 5 linewidth 3 title 'teleport arc (same loss)', \
       steps using 1:2:3:4 every ::0::0 with vectors head filled size screen 0.015,20 linestyle 2 title 'gradient step from w_0 (η = 1/λ_{max})', \
       steps using 1:2:3:4 every ::1::1 with vectors head filled size screen 0.015,20 linestyle 1 title 'gradient step after the teleport', \
       steps using 1:2:3:4 every ::2::2 with vectors head filled size screen 0.015,20 linestyle 13 title 'Newton step from w_0', \
       steps using 1:2 every ::0::0 with points pointtype 7 pointsize 1.4 linecolor rgb '#000000' title 'w_0', \
       '+' using (0):(0) every ::0::0 with points pointtype 3 pointsize 2 linecolor rgb '#000000' title 'minimum w^*'
}
eval finish
