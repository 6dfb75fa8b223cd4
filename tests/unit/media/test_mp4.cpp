// MP4 recordings through the ffmpeg program, read back with ffprobe; ffmpeg's failures (exit
// status, stopped reading, no output, an empty file), an abandoned recording, odd sizes, and the
// PNG fallback when ffmpeg is missing.
#include <doctest/doctest.h>

#include <chrono>

#include "media/png_writer.hpp"
#include "media_test_util.hpp"

using namespace media_test;

namespace {

VideoOptions mp4_options(int w, int h) {
  return video_options(w, h, {{"app", "mbrl-playground 0.9"}, {"steps", "0-9"}});
}

std::vector<Frame> frames(int w, int h, int n) {
  std::vector<Frame> out;
  for (int t = 0; t < n; ++t) out.push_back(scene(w, h, t, theme()));
  return out;
}

// "" when ffmpeg and ffprobe can check a real video here, else why not.
std::string no_ffmpeg_reason() {
  for (const char* program : {"ffmpeg", "ffprobe"})
    if (!have_program(program)) return std::string(program) + " is not installed";
  return "";
}

// ffprobe's key=value lines for the first video stream (and the comment tag).
std::string probe(const std::string& path) {
  return run(
      "ffprobe -v error -count_frames -select_streams v:0 -show_entries "
      "stream=width,height,nb_read_frames,pix_fmt:format_tags=comment -of default=noprint_wrappers=1 '" +
      path + "'");
}

}  // namespace

TEST_CASE("mp4: ffmpeg writes an H.264 yuv420p video that ffprobe reads back frame by frame") {
  if (const std::string why = no_ffmpeg_reason(); !why.empty()) {
    MESSAGE("skipped: " << why);
    return;
  }
  TempDir dir;
  const SinkResult r = record(dir / "run.mp4", mp4_options(64, 48), frames(64, 48, 10));
  REQUIRE(r.error == "");
  CHECK(r.note == "");
  CHECK(dir.names() == std::vector<std::string>{"run.mp4"});
  const std::string p = probe(dir / "run.mp4");
  CHECK(p.find("width=64\n") != std::string::npos);
  CHECK(p.find("height=48\n") != std::string::npos);
  CHECK(p.find("pix_fmt=yuv420p\n") != std::string::npos);
  CHECK(p.find("nb_read_frames=10\n") != std::string::npos);
  CHECK(p.find("TAG:comment=app=mbrl-playground 0.9; steps=0-9\n") != std::string::npos);
}

TEST_CASE("mp4: an odd width or height is refused in begin") {
  TempDir dir;
  std::string err;
  for (auto [w, h] : {std::pair{63, 48}, std::pair{64, 47}}) {
    auto sink = make_sink(dir / "odd.mp4", err);
    REQUIRE(sink);
    const std::string e = sink->begin(mp4_options(w, h));
    CHECK(e == dir / "odd.mp4" + ": H.264 in yuv420p needs an even width and height, not " + std::to_string(w) + "x" +
                   std::to_string(h));
  }
  CHECK(dir.names().empty());
}

TEST_CASE("mp4: without ffmpeg the frames become PNGs and the note gives the command") {
  TempDir dir;
  VideoOptions o = mp4_options(32, 24);
  o.ffmpeg = kNoFfmpeg;
  const std::vector<Frame> in = frames(32, 24, 6);
  const SinkResult r = record(dir / "run.mp4", o, in);
  REQUIRE(r.error == "");
  const std::string folder = dir / "run_frames";
  CHECK(r.note.find(dir / "run.mp4" + ": ffmpeg is not installed (no program '" + kNoFfmpeg + "')") == 0);
  CHECK(r.note.find("the 6 frames are PNGs in " + folder + "/") != std::string::npos);
  const std::string marker = "make the video with: ";
  const size_t at = r.note.find(marker);
  REQUIRE(at != std::string::npos);
  const std::string command = r.note.substr(at + marker.size());
  CHECK(command.find("ffmpeg ") == 0);
  CHECK(command.find("-framerate 25 -i " + folder + "/frame-%06d.png") != std::string::npos);
  CHECK(command.find("'comment=app=mbrl-playground 0.9; steps=0-9'") != std::string::npos);
  CHECK(dir.names() == std::vector<std::string>{"run_frames"});
  for (int t = 0; t < 6; ++t) {
    const PngImage png = read_png(sequence_name(folder + "/frame-", t));
    REQUIRE(png.ok);
    CHECK(png.pixels == in[size_t(t)].rgba);
    CHECK(png.text == o.metadata);
  }
  CHECK_FALSE(exists(sequence_name(folder + "/frame-", 6)));

  // The command does what the note says.
  if (const std::string why = no_ffmpeg_reason(); !why.empty()) {
    MESSAGE("the note's command is not run: " << why);
    return;
  }
  REQUIRE(std::system(command.c_str()) == 0);
  const std::string p = probe(dir / "run.mp4");
  CHECK(p.find("width=32\n") != std::string::npos);
  CHECK(p.find("pix_fmt=yuv420p\n") != std::string::npos);
  CHECK(p.find("nb_read_frames=6\n") != std::string::npos);
}

TEST_CASE("mp4: ffmpeg failing is reported with its exit status and its last line") {
  TempDir dir;
  VideoOptions o = mp4_options(16, 16);
  o.ffmpeg = write_script(dir, "ffmpeg-fails",
                          "cat > /dev/null\necho 'a first line' >&2\necho 'boom: no encoder' >&2\nexit 3");
  const SinkResult r = record(dir / "f.mp4", o, frames(16, 16, 3));
  CHECK(r.error == dir / "f.mp4" + ": ffmpeg failed (exit status 3: boom: no encoder)");
  CHECK(dir.names() == std::vector<std::string>{"ffmpeg-fails"});
}

TEST_CASE("mp4: ffmpeg exiting without a video or with an empty file is an error") {
  TempDir dir;
  VideoOptions o = mp4_options(16, 16);
  o.ffmpeg = write_script(dir, "ffmpeg-nothing", "cat > /dev/null");
  CHECK(record(dir / "n.mp4", o, frames(16, 16, 2)).error == dir / "n.mp4" + ": ffmpeg wrote no video (no file)");
  // The output is the last argument.
  o.ffmpeg = write_script(dir, "ffmpeg-empty", "for a; do last=$a; done\ncat > /dev/null\n: > \"$last\"");
  CHECK(record(dir / "e.mp4", o, frames(16, 16, 2)).error == dir / "e.mp4" + ": ffmpeg wrote no video (an empty file)");
  CHECK(dir.names() == std::vector<std::string>{"ffmpeg-empty", "ffmpeg-nothing"});
}

TEST_CASE("mp4: ffmpeg that stops reading gives a message, not SIGPIPE") {
  TempDir dir;
  VideoOptions o = mp4_options(512, 512);  // 1 MiB a frame: the pipe fills and the write meets EPIPE
  o.ffmpeg = write_script(dir, "ffmpeg-quits", "echo 'quitting early' >&2\nexit 1");
  std::string err;
  auto sink = make_sink(dir / "q.mp4", err);
  REQUIRE(sink->begin(o) == "");
  const Frame f = solid(512, 512, theme()[0]);
  std::string e;
  for (int i = 0; i < 20 && e.empty(); ++i) e = sink->add(f);
  CHECK(e == dir / "q.mp4" + ": ffmpeg stopped reading its input (exit status 1: quitting early)");
  CHECK(sink->add(f).find("earlier error") != std::string::npos);
  CHECK(sink->finish().error == e);
  CHECK(dir.names() == std::vector<std::string>{"ffmpeg-quits"});
}

TEST_CASE("mp4: destroyed without finish, ffmpeg is killed and reaped at once") {
  TempDir dir;
  VideoOptions o = mp4_options(16, 16);
  // Never reads and never exits by itself: only a kill ends it.
  o.ffmpeg = write_script(dir, "ffmpeg-hangs", "for a; do last=$a; done\n: > \"$last\"\nexec sleep 600");
  const auto start = std::chrono::steady_clock::now();
  {
    std::string err;
    auto sink = make_sink(dir / "h.mp4", err);
    REQUIRE(sink->begin(o) == "");
    for (const Frame& f : frames(16, 16, 3)) REQUIRE(sink->add(f) == "");
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 5);
  CHECK(dir.names() == std::vector<std::string>{"ffmpeg-hangs"});
}
