// Runs gnuplot through gnuplot-iostream and reports its exit status and errors. Introduced in the appendix (A-toolkit).
#include "GnuplotBridge.h"

#include <gnuplot-iostream.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <csignal>
#include <ctime>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace {

// Quotes `text` for /bin/sh: inside single quotes only the quote itself needs care.
std::string shell_quoted(const std::string &text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') quoted += "'\\''";
    else quoted += c;
  }
  return quoted + "'";
}

bool is_executable_file(const std::string &path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && access(path.c_str(), X_OK) == 0;
}

std::string environment(const char *name) {
  const char *value = std::getenv(name);
  return value ? std::string(value) : std::string();
}

// A file in $TMPDIR that exists for the lifetime of this object.
struct TemporaryFile {
  std::string path;
  TemporaryFile() {
    std::string directory = environment("TMPDIR");
    if (directory.empty()) directory = "/tmp";
    std::string pattern = directory + "/gnuplot-bridge-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    int descriptor = mkstemp(buffer.data());
    if (descriptor < 0) throw std::runtime_error("cannot create a temporary file in " + directory);
    close(descriptor);
    path = buffer.data();
  }
  ~TemporaryFile() { std::remove(path.c_str()); }
  std::string contents() const {
    std::ifstream stream(path);
    std::stringstream text;
    text << stream.rdbuf();
    return text.str();
  }
};

// Blocks SIGPIPE on this thread while alive. If gnuplot (or the shell, when `cd`
// fails) exits before reading our commands, a write to the pipe would otherwise
// kill the whole Swift process; blocked, the write fails quietly instead and
// the exit status tells the story. A pending SIGPIPE is consumed before unblocking.
struct SigpipeBlocker {
  sigset_t pipe_only, previous;
  SigpipeBlocker() {
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, &previous);
  }
  ~SigpipeBlocker() {
    struct timespec no_wait = {0, 0};
    while (sigtimedwait(&pipe_only, nullptr, &no_wait) > 0) {}
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  }
};

void copy_message(const std::string &message, char *buffer, size_t capacity) {
  if (!buffer || capacity == 0) return;
  size_t count = std::min(message.size(), capacity - 1);
  std::memcpy(buffer, message.data(), count);
  buffer[count] = '\0';
}

int run(const std::string &commands, const std::string &working_directory,
        char *error_buffer, size_t error_capacity) {
  std::string program = environment("TOOLKIT_GNUPLOT");
  if (!program.empty() && program[0] == '>') {
    // Capture mode: gnuplot-iostream writes the commands to the file instead.
    Gnuplot capture(program);
    capture << commands << std::flush;
    return 0;
  }
  if (program.empty()) program = "gnuplot";

  // gnuplot-iostream closes its pipe with pclose and discards the status, so the
  // shell records gnuplot's exit status (and its stderr) in files we read back.
  TemporaryFile errors, status;
  std::string command = "cd " + shell_quoted(working_directory) + " && { " + program +
                        " ; } 2>" + shell_quoted(errors.path) +
                        "; echo $? >" + shell_quoted(status.path);
  {
    SigpipeBlocker blocker;
    Gnuplot gp(command);
    gp << commands << "\n" << std::flush;
  }  // the destructor closes the pipe and waits for the shell to exit

  std::string status_text = status.contents();
  std::string error_text = errors.contents();
  if (status_text.empty()) {
    copy_message("gnuplot ended without reporting an exit status: " + error_text,
                 error_buffer, error_capacity);
    return -1;
  }
  // gnuplot reading a pipe exits with status 1 at its first error; warnings leave 0.
  copy_message(error_text, error_buffer, error_capacity);
  return std::atoi(status_text.c_str());
}

}  // namespace

extern "C" int gnuplot_bridge_available(void) {
  try {
    if (!environment("TOOLKIT_GNUPLOT").empty()) return 1;
    std::stringstream path(environment("PATH"));
    std::string directory;
    while (std::getline(path, directory, ':')) {
      if (directory.empty()) directory = ".";
      if (is_executable_file(directory + "/gnuplot")) return 1;
    }
    return 0;
  } catch (...) {
    return 0;
  }
}

extern "C" int gnuplot_bridge_run(const char *commands, const char *working_directory,
                                  char *error_buffer, size_t error_capacity) {
  copy_message("", error_buffer, error_capacity);
  try {
    if (!commands || !working_directory) {
      copy_message("gnuplot_bridge_run: commands and working_directory must not be NULL",
                   error_buffer, error_capacity);
      return -1;
    }
    return run(commands, working_directory, error_buffer, error_capacity);
  } catch (const std::exception &exception) {
    copy_message(std::string("cannot run gnuplot: ") + exception.what(), error_buffer, error_capacity);
    return -1;
  } catch (...) {
    copy_message("cannot run gnuplot: unknown C++ exception", error_buffer, error_capacity);
    return -1;
  }
}
