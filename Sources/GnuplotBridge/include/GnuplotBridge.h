// A small C API over gnuplot-iostream, so that Swift can run gnuplot scripts. Introduced in the appendix (A-toolkit).
#ifndef GNUPLOT_BRIDGE_H
#define GNUPLOT_BRIDGE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when figures can be rendered: `TOOLKIT_GNUPLOT` is set (the user chose the
/// command), or an executable `gnuplot` is on `PATH`; 0 otherwise.
int gnuplot_bridge_available(void);

/// Sends `commands` to one gnuplot session started in `working_directory`,
/// waits for it to exit, and returns its exit status (0 on success).
///
/// The command is `gnuplot`, or the value of the environment variable
/// `TOOLKIT_GNUPLOT` when set: a command such as `tee /tmp/figure.gp | gnuplot`,
/// or `>FILE` to capture the commands into FILE without running gnuplot
/// (gnuplot-iostream's convention).
///
/// `error_buffer` receives gnuplot's standard error (its error message when the
/// status is non-zero, warnings otherwise) or the bridge's own message,
/// NUL-terminated and truncated to `error_capacity`.
/// Returns -1 when the session could not be started at all. Never throws.
int gnuplot_bridge_run(const char *commands, const char *working_directory,
                       char *error_buffer, size_t error_capacity);

#ifdef __cplusplus
}
#endif
#endif
