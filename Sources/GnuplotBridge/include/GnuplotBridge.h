#ifndef GNUPLOT_BRIDGE_H
#define GNUPLOT_BRIDGE_H
#ifdef __cplusplus
extern "C" {
#endif
int gnuplot_bridge_version(void);
#ifdef __cplusplus
}
#endif
#endif
