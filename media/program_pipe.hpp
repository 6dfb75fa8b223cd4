#pragma once
// A program fed through a pipe to its stdin (ffmpeg reading raw frames): started without a shell
// (posix_spawnp: paths need no quoting), its stderr kept in an unlinked temporary file so that a
// failure can be explained by its last line. Writing to a program that has exited gives an error,
// never SIGPIPE (blocked in the writing thread while it writes; the process's handlers are left
// alone). Used from one thread.
#include <sys/types.h>

#include <cstddef>
#include <string>
#include <vector>

namespace mbrl::media {

class ProgramPipe {
 public:
  ProgramPipe() = default;
  ProgramPipe(const ProgramPipe&) = delete;
  ProgramPipe& operator=(const ProgramPipe&) = delete;
  ~ProgramPipe() { stop(); }

  // Starts argv[0] (looked up on PATH unless it holds a '/') with the given arguments, stdout to
  // /dev/null. Returns 0 or the errno of the failure (ENOENT: there is no such program).
  int start(const std::vector<std::string>& argv);
  bool running() const { return pid_ > 0; }

  // Writes all `size` bytes to the program's stdin. "" or why not, to follow the program's name:
  // "stopped reading its input" (it exited) or "cannot be written to (<errno text>)".
  std::string write(const void* data, size_t size);

  // Closes stdin (end of input) and waits for the program to exit. "" when it exited with
  // status 0, else e.g. "exit status 1: <its last line on stderr>" or "killed by signal 9".
  std::string wait();

  // If still running: closes stdin, kills the program (SIGKILL) and reaps it. Never blocks on it.
  void stop();

 private:
  std::string last_stderr_line() const;
  void close_fds();

  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stderr_fd_ = -1;
};

}  // namespace mbrl::media
