# 04-teleport.gp: the paper's Figure 4. SGD, and runs that resume from the
#   epoch-15 weights and teleport at epoch 20 to lower or raise the sharpness φ
#   (left) or the curvature ψ (right); dashed training loss, solid validation loss,
#   bands ±1 std over runs. One row per data set.
# Input:  datadir/teleport.dat (columns epoch sgd_train sgd_test lower_train lower_train_sd
#         lower_test lower_test_sd raise_train raise_train_sd raise_test raise_test_sd;
#         blocks: for each data set, φ then ψ, titled "# block k: NAME φ")
# Output: outdir/04-teleport.svg and outdir/04-teleport.png
reset
load 'plots/style.gp'
if (!exists("datadir")) datadir = 'plots/data/04'
data = datadir.'/teleport.dat'

stats data using 1 nooutput
rows = STATS_blocks / 2
array names[3] = ['MNIST', 'Fashion-MNIST', 'CIFAR-10']
array symbols[2] = ['φ', 'ψ']

# Runs that blew up after a long teleport step are left out of the bands (the
# transcript counts them); a surviving run can still spike, so the y axis is clipped.
set yrange [0:2.5]

width = 1100
height = 380 * rows + 60

do for [format in formats] {
  eval output(format, '04-teleport')
  set multiplot layout rows,2 title 'Teleporting at epoch 20 to lower or raise sharpness φ and curvature ψ (Figure 4)'
  do for [b = 0:2 * rows - 1] {
    s = symbols[b % 2 + 1]
    set title sprintf('%s: teleport on %s', names[b / 2 + 1], s)
    set xlabel 'epoch'
    set ylabel 'loss'
    set key top right
    plot data index b using 1:($4 - $5):($4 + $5) with filledcurves linestyle 1 notitle, \
         data index b using 1:($6 - $7):($6 + $7) with filledcurves linestyle 1 notitle, \
         data index b using 1:($8 - $9):($8 + $9) with filledcurves linestyle 2 notitle, \
         data index b using 1:($10 - $11):($10 + $11) with filledcurves linestyle 2 notitle, \
         data index b using 1:2 with lines linestyle 17 title 'SGD (dashed train, solid validation)', \
         data index b using 1:3 with lines linestyle 7 notitle, \
         data index b using 1:4 with lines linestyle 11 notitle, \
         data index b using 1:6 with lines linestyle 1 title sprintf('teleport (lower %s)', s), \
         data index b using 1:8 with lines linestyle 12 notitle, \
         data index b using 1:10 with lines linestyle 2 title sprintf('teleport (raise %s)', s)
  }
  unset multiplot
}
eval finish
