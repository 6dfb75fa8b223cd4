#include "media/program_pipe.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <ctime>

#include "media/files.hpp"

extern char** environ;

namespace mbrl::media {

namespace {

// An unlinked temporary file (nothing is left behind whatever happens), or -1.
int anonymous_temp_file() {
  const char* dir = std::getenv("TMPDIR");
  std::string name = std::string(dir && *dir ? dir : "/tmp") + "/mbrl-media-stderr-XXXXXX";
  const int fd = mkostemp(name.data(), O_CLOEXEC);
  if (fd >= 0) unlink(name.c_str());
  return fd;
}

pid_t wait_for(pid_t pid, int& status) {
  pid_t r;
  do r = waitpid(pid, &status, 0);
  while (r < 0 && errno == EINTR);
  return r;
}

}  // namespace

int ProgramPipe::start(const std::vector<std::string>& argv) {
  stop();
  stderr_fd_ = anonymous_temp_file();
  if (stderr_fd_ < 0) return errno;
  int fds[2];
  // Close on exec: a second recording's program must not inherit this pipe (it would never see
  // the end of input). The child gets its end as stdin through dup2, which clears the flag.
  if (pipe2(fds, O_CLOEXEC) != 0) {
    const int e = errno;
    close_fds();
    return e;
  }
  // A larger pipe (1 MiB, the default unprivileged maximum) lets the caller render the next
  // frame while the program still reads this one. Best effort.
  fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[0], 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, stderr_fd_, 2);
  // The program starts with no blocked signals and SIGPIPE at its default, whatever this
  // process does with them.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, pipe_signal;
  sigemptyset(&none);
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &pipe_signal);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(fds[0]);
  stdin_fd_ = fds[1];
  if (rc != 0) {
    close_fds();
    return rc;
  }
  pid_ = pid;
  return 0;
}

std::string ProgramPipe::write(const void* data, size_t size) {
  if (stdin_fd_ < 0) return "the program is not running";
  // SIGPIPE for a write to a pipe goes to the writing thread: blocked here, it stays pending
  // and is taken back below, so EPIPE becomes an error message instead of killing the app.
  sigset_t pipe_signal, old_mask, pending;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_signal, &old_mask);
  sigpending(&pending);
  const bool was_pending = sigismember(&pending, SIGPIPE);

  const auto* bytes = static_cast<const unsigned char*>(data);
  int error = 0;
  while (size > 0) {
    const ssize_t n = ::write(stdin_fd_, bytes, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = errno;
      break;
    }
    bytes += n;
    size -= size_t(n);
  }
  if (error == EPIPE && !was_pending) {
    const timespec now{0, 0};
    while (sigtimedwait(&pipe_signal, nullptr, &now) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  if (error == EPIPE) return "stopped reading its input";
  if (error != 0) return "cannot be written to (" + errno_text(error) + ")";
  return "";
}

std::string ProgramPipe::wait() {
  if (pid_ <= 0) return "the program is not running";
  if (stdin_fd_ >= 0) close(stdin_fd_);
  stdin_fd_ = -1;
  int status = 0;
  const pid_t r = wait_for(pid_, status);
  pid_ = -1;
  std::string outcome;
  if (r < 0)
    outcome = "cannot wait for it (" + errno_text(errno) + ")";
  else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
    outcome = "exit status " + std::to_string(WEXITSTATUS(status));
  else if (WIFSIGNALED(status))
    outcome = "killed by signal " + std::to_string(WTERMSIG(status));
  if (!outcome.empty()) {
    const std::string line = last_stderr_line();
    if (!line.empty()) outcome += ": " + line;
  }
  close_fds();
  return outcome;
}

void ProgramPipe::stop() {
  if (pid_ > 0) {
    if (stdin_fd_ >= 0) close(stdin_fd_);
    stdin_fd_ = -1;
    kill(pid_, SIGKILL);
    int status = 0;
    wait_for(pid_, status);
    pid_ = -1;
  }
  close_fds();
}

std::string ProgramPipe::last_stderr_line() const {
  // The last 4 KiB hold the last line of any sensible message.
  const off_t end = lseek(stderr_fd_, 0, SEEK_END);
  if (end <= 0) return "";
  const off_t from = end > 4096 ? end - 4096 : 0;
  std::string text(size_t(end - from), '\0');
  const ssize_t n = pread(stderr_fd_, text.data(), text.size(), from);
  text.resize(n > 0 ? size_t(n) : 0);
  // ffmpeg ends progress lines with '\r'; a line is what lies between any two of these.
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  const size_t start = text.find_last_of("\r\n");
  return start == std::string::npos ? text : text.substr(start + 1);
}

void ProgramPipe::close_fds() {
  if (stdin_fd_ >= 0) close(stdin_fd_);
  if (stderr_fd_ >= 0) close(stderr_fd_);
  stdin_fd_ = stderr_fd_ = -1;
}

}  // namespace mbrl::media
