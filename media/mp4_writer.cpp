#include "media/mp4_writer.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "media/checks.hpp"
#include "media/files.hpp"
#include "media/png_writer.hpp"
#include "media/program_pipe.hpp"

namespace mbrl::media {

namespace {

using Args = std::vector<std::string>;

// The encoding half of the command, after the input's arguments: the same for the pipe and for
// the command that the fallback's note prints.
Args encode_args(const std::string& program, const Args& input, const VideoOptions& options,
                 const std::string& output) {
  Args args = {program, "-hide_banner", "-nostats", "-loglevel", "error", "-y"};
  args.insert(args.end(), input.begin(), input.end());
  for (const char* a :
       {"-c:v", "libx264", "-pix_fmt", "yuv420p", "-preset", "veryfast", "-crf", "20", "-movflags", "+faststart"})
    args.push_back(a);
  if (!options.metadata.empty()) {
    args.push_back("-metadata");
    args.push_back("comment=" + metadata_text(options.metadata, "; "));
  }
  // The muxer by name: the output is "<path>.part", whose extension names none.
  for (const std::string& a : {std::string("-f"), std::string("mp4"), output}) args.push_back(a);
  return args;
}

// For a command the user pastes into a POSIX shell.
std::string shell_quote(const std::string& s) {
  const bool plain = !s.empty() && s.find_first_not_of(
                                       "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                       "0123456789_@%+=:,./-") == std::string::npos;
  if (plain) return s;
  std::string quoted = "'";
  for (char c : s) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string command_line(const Args& args) {
  std::string line;
  for (const std::string& a : args) {
    if (!line.empty()) line += ' ';
    line += shell_quote(a);
  }
  return line;
}

class FfmpegEncoder final : public Encoder {
 public:
  FfmpegEncoder(std::string path, std::string part) : path_(std::move(path)), part_(std::move(part)) {}
  ~FfmpegEncoder() override {
    if (!finished_) {
      ffmpeg_.stop();  // before the removal: a running ffmpeg would write the file again
      remove_file(part_);
    }
  }

  int start(const Args& args) { return ffmpeg_.start(args); }

  std::string add(const Frame& frame) override {
    const std::string e = ffmpeg_.write(frame.rgba.data(), frame.rgba.size());
    if (e.empty()) return "";
    const std::string outcome = ffmpeg_.wait();
    return path_ + ": ffmpeg " + e + (outcome.empty() ? "" : " (" + outcome + ")");
  }

  SinkResult finish() override {
    finished_ = true;
    const std::string outcome = ffmpeg_.wait();
    std::string error;
    if (!outcome.empty())
      error = path_ + ": ffmpeg failed (" + outcome + ")";
    else if (file_size(part_) <= 0)  // ffmpeg can exit 0 having written nothing
      error = path_ + ": ffmpeg wrote no video (" + (file_size(part_) < 0 ? "no file" : "an empty file") + ")";
    if (!error.empty()) {
      remove_file(part_);
      return {error, ""};
    }
    return {publish(part_, path_), ""};
  }

 private:
  std::string path_, part_;
  ProgramPipe ffmpeg_;
  bool finished_ = false;
};

// Without ffmpeg: the frames as PNGs, and a note on how to make the video of them.
class PngFramesInstead final : public Encoder {
 public:
  PngFramesInstead(std::string folder, bool made_folder, std::string note_head, std::string command)
      : folder_(std::move(folder)),
        made_folder_(made_folder),
        note_head_(std::move(note_head)),
        command_(std::move(command)) {}
  ~PngFramesInstead() override {
    if (!finished_) {
      frames_.reset();  // removes the frames written
      if (made_folder_) rmdir(folder_.c_str());
    }
  }

  void set_frames(std::unique_ptr<Encoder> frames) { frames_ = std::move(frames); }

  std::string add(const Frame& frame) override {
    if (auto e = frames_->add(frame); !e.empty()) return e;
    ++count_;
    return "";
  }

  SinkResult finish() override {
    SinkResult r = frames_->finish();
    if (!r.error.empty()) return r;
    finished_ = true;
    r.note = note_head_ + ", so the " + std::to_string(count_) + " frames are PNGs in " + folder_ +
             "/ (frame-000000.png, ...); make the video with: " + command_;
    return r;
  }

 private:
  std::string folder_;
  bool made_folder_;
  std::string note_head_, command_;
  std::unique_ptr<Encoder> frames_;
  int count_ = 0;
  bool finished_ = false;
};

std::unique_ptr<Encoder> open_png_fallback(const std::string& path, const VideoOptions& options, int spawn_error,
                                           std::string& err) {
  const std::string folder = stem_of(path) + "_frames";
  const bool made = mkdir(folder.c_str(), 0777) == 0;
  const int mkdir_errno = made ? 0 : errno;
  struct stat st;
  if (!made && (mkdir_errno != EEXIST || stat(folder.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))) {
    err = path + ": ffmpeg cannot be started and the frames' folder " + folder + " cannot be made (" +
          errno_text(mkdir_errno == EEXIST ? ENOTDIR : mkdir_errno) + ")";
    return nullptr;
  }
  const std::string head =
      path + ": " +
      (spawn_error == ENOENT ? "ffmpeg is not installed (no program '" + options.ffmpeg + "')"
                             : "ffmpeg ('" + options.ffmpeg + "') cannot be started (" + errno_text(spawn_error) + ")");
  const Args input = {"-framerate", number_text(options.fps), "-i", folder + "/frame-%06d.png"};
  auto fallback =
      std::make_unique<PngFramesInstead>(folder, made, head, command_line(encode_args("ffmpeg", input, options, path)));
  fallback->set_frames(open_png_sequence(folder + "/frame-", options));
  return fallback;
}

}  // namespace

std::unique_ptr<Encoder> open_mp4(const std::string& path, const VideoOptions& options, std::string& err) {
  if (options.width % 2 != 0 || options.height % 2 != 0) {
    err = path + ": H.264 in yuv420p needs an even width and height, not " + std::to_string(options.width) + "x" +
          std::to_string(options.height);
    return nullptr;
  }
  const std::string part = part_path(path);
  const Args input = {"-f",         "rawvideo",
                      "-pix_fmt",   "rgba",
                      "-s",         std::to_string(options.width) + "x" + std::to_string(options.height),
                      "-framerate", number_text(options.fps),
                      "-i",         "-"};
  auto ffmpeg = std::make_unique<FfmpegEncoder>(path, part);
  const int spawn_error = ffmpeg->start(encode_args(options.ffmpeg, input, options, part));
  if (spawn_error == 0) return ffmpeg;
  return open_png_fallback(path, options, spawn_error, err);
}

}  // namespace mbrl::media
