#include "media/png_writer.hpp"

#include <png.h>

#include <cstdio>
#include <vector>

#include "media/checks.hpp"
#include "media/files.hpp"

namespace mbrl::media {

namespace {

// A sequence is written while the app records. libpng's defaults (zlib level 6, choosing among
// all five filters row by row) took 30-45 ms for a 960x540 app frame here; the Up filter alone at
// level 3 takes 8-14 ms, for files 1.2-2x the default's size.
constexpr int kCompressionLevel = 3;

struct PngError {
  char text[256] = "";
};

void on_error(png_structp png, png_const_charp message) {
  auto* error = static_cast<PngError*>(png_get_error_ptr(png));
  std::snprintf(error->text, sizeof error->text, "%s", message);
  png_longjmp(png, 1);
}

void on_warning(png_structp, png_const_charp) {}

bool is_ascii(const std::string& s) {
  for (unsigned char c : s)
    if (c > 126 || (c < 32 && c != '\t')) return false;
  return true;
}

// libpng reports errors by longjmp back into this function: it holds only trivially destructible
// locals, every C++ object it reads lives in the caller.
bool encode(FILE* file, const Frame& frame, png_text* texts, int text_count, png_bytep* rows, PngError& error) {
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &error, on_error, on_warning);
  if (!png) {
    std::snprintf(error.text, sizeof error.text, "libpng could not start");
    return false;
  }
  png_infop info = png_create_info_struct(png);
  if (!info) {
    png_destroy_write_struct(&png, nullptr);
    std::snprintf(error.text, sizeof error.text, "libpng could not start");
    return false;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return false;
  }
  png_init_io(png, file);
  png_set_compression_level(png, kCompressionLevel);
  png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
  png_set_IHDR(png, info, png_uint_32(frame.width), png_uint_32(frame.height), 8, PNG_COLOR_TYPE_RGB_ALPHA,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (text_count > 0) png_set_text(png, info, texts, text_count);
  png_write_info(png, info);
  png_write_image(png, rows);
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  return true;
}

class PngSequence final : public Encoder {
 public:
  PngSequence(std::string prefix, Metadata metadata) : prefix_(std::move(prefix)), metadata_(std::move(metadata)) {}
  ~PngSequence() override {
    if (!finished_)
      for (int i = 0; i < count_; ++i) remove_file(sequence_name(prefix_, i));
  }

  std::string add(const Frame& frame) override {
    if (auto e = write_png(sequence_name(prefix_, count_), frame, metadata_); !e.empty()) return e;
    ++count_;
    return "";
  }

  SinkResult finish() override {
    for (int i = count_; file_size(sequence_name(prefix_, i)) >= 0; ++i) remove_file(sequence_name(prefix_, i));
    finished_ = true;
    return {"", "wrote " + std::to_string(count_) + " frames, " + sequence_name(prefix_, 0) +
                    (count_ > 1 ? " to " + sequence_name(prefix_, count_ - 1) : "")};
  }

 private:
  std::string prefix_;
  Metadata metadata_;
  int count_ = 0;
  bool finished_ = false;
};

}  // namespace

std::string write_png(const std::string& path, const Frame& frame, const Metadata& metadata) {
  if (auto e = check_size(frame.width, frame.height); !e.empty()) return path + ": " + e;
  if (auto e = check_frame(frame, frame.width, frame.height); !e.empty()) return path + ": " + e;
  if (auto e = check_metadata(metadata); !e.empty()) return path + ": " + e;

  std::vector<png_text> texts(metadata.size());
  for (size_t i = 0; i < metadata.size(); ++i) {
    // libpng copies the strings in png_set_text and never writes through these pointers.
    texts[i].key = const_cast<char*>(metadata[i].first.c_str());
    texts[i].text = const_cast<char*>(metadata[i].second.c_str());
    texts[i].compression = is_ascii(metadata[i].second) ? PNG_TEXT_COMPRESSION_NONE : PNG_ITXT_COMPRESSION_NONE;
  }
  std::vector<png_bytep> rows(size_t(frame.height));
  for (int y = 0; y < frame.height; ++y)
    rows[size_t(y)] = const_cast<png_bytep>(frame.rgba.data() + size_t(y) * size_t(frame.width) * 4);

  const std::string part = part_path(path);
  FILE* file = std::fopen(part.c_str(), "wbe");  // e: close on exec, ffmpeg must not inherit it
  if (!file) return path + ": cannot create " + part + " (" + errno_text(errno) + ")";
  PngError error;
  const bool encoded = encode(file, frame, texts.data(), int(texts.size()), rows.data(), error);
  const int close_errno = std::fclose(file) == 0 ? 0 : errno;
  if (!encoded || close_errno != 0) {
    remove_file(part);
    return path + ": cannot write PNG (" + (encoded ? errno_text(close_errno) : std::string(error.text)) + ")";
  }
  return publish(part, path);
}

std::string sequence_name(const std::string& prefix, int index) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%06d", index);
  return prefix + digits + ".png";
}

std::unique_ptr<Encoder> open_png_sequence(const std::string& prefix, const VideoOptions& options) {
  return std::make_unique<PngSequence>(prefix, options.metadata);
}

}  // namespace mbrl::media
