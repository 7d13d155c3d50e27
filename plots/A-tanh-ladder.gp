# A-tanh-ladder.gp: tanh and its first six derivatives, each computed by
#   differentiating the previous derivative with the Toolkit's reverse mode.
# Input:  datadir/tanh-ladder.dat  (columns x d0 d1 ... d6, one block)
# Output: outdir/A-tanh-ladder.svg and outdir/A-tanh-ladder.png
# After HIPS/autograd's examples/tanh.py.
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/A'

data = datadir.'/tanh-ladder.dat'

# The n-th derivative peaks near 1, 1, 0.77, 2, 4.1, 16, 52 for n = 0..6. On a
# scale that holds order 6 the low orders would look flat, so we clip the y axis
# at ±ylimit and print the peak of every clipped curve in the key.
ylimit = 5
array peak[7]
do for [n = 0:6] {
  stats data using (abs(column(n + 2))) nooutput
  peak[n + 1] = STATS_max
}

set xrange [-7:7]
set yrange [-ylimit:ylimit]
set xtics 2
set ytics 1
set xlabel 'x'
set ylabel 'd^n tanh(x) / dx^n'
set key outside right center vertical samplen 2 spacing 1.3
set title 'tanh and its first six derivatives, each by differentiating the one before'

do for [format in formats] {
  eval output(format, 'A-tanh-ladder')
  plot for [n = 0:6] data using 1:(column(n + 2)) with lines linestyle (n + 1) \
       title (n == 0 ? 'tanh(x)' : sprintf('order %d', n)) \
             . (peak[n + 1] > ylimit ? sprintf(' (peak %.3g)', peak[n + 1]) : '')
}
eval finish
