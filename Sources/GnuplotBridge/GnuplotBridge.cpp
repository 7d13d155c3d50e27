#include "GnuplotBridge.h"
extern "C" int gnuplot_bridge_version(void) { return 1; }
