// The one seam between Swift and BLAS/LAPACK: OpenBLAS's CBLAS and LAPACKE.
// Debian installs cblas.h under the multiarch include folder.
#ifndef TELEPORTATION_CLINEARALGEBRA_SHIM_H
#define TELEPORTATION_CLINEARALGEBRA_SHIM_H
#if __has_include(<cblas.h>)
#include <cblas.h>
#else
#include <x86_64-linux-gnu/cblas.h>
#endif
#include <lapacke.h>
// OpenBLAS extensions (declared in its cblas.h, repeated so the seam is explicit).
char *openblas_get_corename(void);
char *openblas_get_config(void);
void openblas_set_num_threads(int num_threads);
#endif
