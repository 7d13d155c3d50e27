# 04-displacement.gp: the paper's Figure 7. A curve of minima through w is shifted
#   by a random vector of length r; the mean distance from w to the shifted curve,
#   divided by r, against the curve's curvature κ at w. Left: parabolas y = k x²;
#   right: circles of radius 1/κ touching w. A straight line gives 2/π.
# Input:  datadir/displacement-parabola.dat (columns kappa r_2.00 r_1.00 r_0.500 r_0.200 r_0.100)
#         datadir/displacement-circle.dat   (columns kappa r_0.100 r_0.0500 r_0.0200 r_0.0100 r_0.00500)
# Output: outdir/04-displacement.svg and outdir/04-displacement.png
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/04'
parabola = datadir.'/displacement-parabola.dat'
circle = datadir.'/displacement-circle.dat'

width = 1100
height = 460
array rp[5] = ['2', '1', '0.5', '0.2', '0.1']
array rc[5] = ['0.1', '0.05', '0.02', '0.01', '0.005']

do for [format in formats] {
  eval output(format, '04-displacement')
  set multiplot layout 1,2 title 'Expected displacement of the minimum under a random shift of length r (Figure 7)'
  set xlabel 'curvature κ = 2k₁ of γ₁: y = k₁x²'
  set ylabel '(1/r) E[dist(w, shifted γ)]'
  set key bottom right title 'shift r' maxrows 3 width -2
  set xrange [0:80]
  set yrange [0.55:0.79]
  plot for [i = 1:5] parabola using 1:(column(i + 1)) with lines linestyle i title rp[i], \
       2/pi with lines linestyle 20 title '2/π (line)'
  set xlabel 'curvature κ = 1/k₂ of γ₂: x² + (y − k₂)² = k₂²'
  set xrange [0:10]
  set autoscale y
  set key bottom left title 'shift r'
  plot for [i = 1:5] circle using 1:(column(i + 1)) with lines linestyle i title rc[i], \
       2/pi with lines linestyle 20 title '2/π (line)'
  unset multiplot
}
eval finish
