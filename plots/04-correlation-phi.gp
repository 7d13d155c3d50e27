# 04-correlation-phi.gp: the paper's Figure 10 (as we number it): validation loss
#   against the sharpness φ at the final weights, one point per SGD run.
# Input:  datadir/correlation.dat (see 04-correlation-psi.gp)
# Output: outdir/04-correlation-phi.svg and outdir/04-correlation-phi.png
measure = 'phi'
load 'plots/04-correlation-psi.gp'
