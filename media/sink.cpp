#include "media/sink.hpp"

#include "media/checks.hpp"
#include "media/encoder.hpp"
#include "media/files.hpp"
#include "media/gif_writer.hpp"
#include "media/mp4_writer.hpp"
#include "media/png_writer.hpp"

namespace mbrl::media {

namespace {

enum class Format { Gif, Mp4, PngSequence };

// The order of calls, the frames' size and the first error, for every format; the encoder
// (made in begin) writes. Dropping the encoder abandons what it wrote.
class Sink final : public FrameSink {
 public:
  Sink(std::string path, Format format) : path_(std::move(path)), format_(format) {}

  std::string begin(const VideoOptions& options) override {
    if (state_ == State::Failed) return after_error();
    if (state_ != State::New) return path_ + ": begin() called twice";
    if (auto e = check_options(options); !e.empty()) return fail(path_ + ": " + e);
    options_ = options;
    std::string err;
    switch (format_) {
      case Format::Gif:
        encoder_ = open_gif(path_, options, err);
        break;
      case Format::Mp4:
        encoder_ = open_mp4(path_, options, err);
        break;
      case Format::PngSequence:
        encoder_ = open_png_sequence(stem_of(path_) + "-", options);
        break;
    }
    if (!encoder_) return fail(err);
    state_ = State::Recording;
    return "";
  }

  std::string add(const Frame& frame) override {
    switch (state_) {
      case State::New:
        return path_ + ": add() before begin()";
      case State::Failed:
        return after_error();
      case State::Finished:
        return path_ + ": add() after finish()";
      case State::Recording:
        break;
    }
    if (auto e = check_frame(frame, options_.width, options_.height); !e.empty())
      return fail(path_ + ": frame " + std::to_string(frames_) + ": " + e);
    if (auto e = encoder_->add(frame); !e.empty()) return fail(e);
    ++frames_;
    return "";
  }

  SinkResult finish() override {
    switch (state_) {
      case State::New:
        return {path_ + ": finish() before begin()", ""};
      case State::Failed:
        return {error_, ""};
      case State::Finished:
        return {path_ + ": finish() called twice", ""};
      case State::Recording:
        break;
    }
    if (frames_ == 0) return {fail(path_ + ": no frames were added, nothing written"), ""};
    SinkResult r = encoder_->finish();
    encoder_.reset();
    if (!r.error.empty()) {
      fail(r.error);
      return r;
    }
    state_ = State::Finished;
    return r;
  }

  int frames() const override { return frames_; }

 private:
  enum class State { New, Recording, Failed, Finished };

  std::string after_error() const { return path_ + ": not recording after an earlier error (" + error_ + ")"; }

  std::string fail(std::string error) {
    encoder_.reset();
    state_ = State::Failed;
    error_ = std::move(error);
    return error_;
  }

  std::string path_;
  Format format_;
  VideoOptions options_;
  std::unique_ptr<Encoder> encoder_;
  State state_ = State::New;
  std::string error_;
  int frames_ = 0;
};

}  // namespace

std::unique_ptr<FrameSink> make_sink(const std::string& path, std::string& err) {
  const std::string ext = extension_of(path);
  Format format;
  if (ext == ".gif")
    format = Format::Gif;
  else if (ext == ".mp4")
    format = Format::Mp4;
  else if (ext == ".png")
    format = Format::PngSequence;
  else {
    err = path + ": " + (ext.empty() ? "no extension" : "unknown extension '" + ext + "'") +
          " (use .gif, .mp4 or .png for numbered PNG frames)";
    return nullptr;
  }
  err = check_output_path(path);
  if (!err.empty()) return nullptr;
  return std::make_unique<Sink>(path, format);
}

}  // namespace mbrl::media
