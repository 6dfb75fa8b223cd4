// What every sink shares: paths checked by make_sink, options checked by begin, the order of
// calls, frames of the wrong size, the first error ending the recording, abandoning without
// finish, and an existing file replaced only by a complete one.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "media_test_util.hpp"

using namespace media_test;

namespace {

VideoOptions options(int w, int h) { return video_options(w, h, {}, kNoFfmpeg); }

// A sink for `path` that has begun a 16x8 recording.
std::unique_ptr<FrameSink> begun(const std::string& path) {
  std::string err;
  auto sink = make_sink(path, err);
  if (sink && !sink->begin(options(16, 8)).empty()) sink.reset();
  return sink;
}

std::string contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("sink: make_sink refuses unknown extensions, folders and missing folders by name") {
  TempDir dir;
  std::string err;
  for (const std::string name : {"run.avi", "run", "run.gif.bak"}) {
    CHECK(make_sink(dir / name, err) == nullptr);
    CHECK(err.find(dir / name + ": ") == 0);
    CHECK(err.find(".gif, .mp4 or .png") != std::string::npos);
  }
  std::filesystem::create_directory(dir / "folder.gif");
  CHECK(make_sink(dir / "folder.gif", err) == nullptr);
  CHECK(err == dir / "folder.gif" + ": is a folder, not a file");
  CHECK(make_sink(dir / "nope/run.mp4", err) == nullptr);
  CHECK(err == dir / "nope/run.mp4" + ": folder " + (dir / "nope") + " does not exist");
  if (geteuid() != 0) {
    CHECK(make_sink("/dev/null.gif", err) == nullptr);  // /dev is writable only by root
    CHECK(err == "/dev/null.gif: folder /dev is not writable");
  } else {
    MESSAGE("running as root, for whom every folder is writable: the unwritable folder case is skipped");
  }
  err.clear();
  CHECK(make_sink(dir / "RUN.GIF", err) != nullptr);  // extensions in any case
  CHECK(err == "");
  CHECK(make_sink("/dev/null", err) == nullptr);
  CHECK(dir.names() == std::vector<std::string>{"folder.gif"});  // make_sink writes nothing
}

TEST_CASE("sink: begin refuses bad sizes, fps, metadata and too many palette hints") {
  TempDir dir;
  std::string err;
  auto check_refused = [&](const VideoOptions& o, const std::string& part) {
    for (const std::string name : {"a.gif", "a.mp4", "a.png"}) {
      auto sink = make_sink(dir / name, err);
      REQUIRE(sink != nullptr);
      const std::string e = sink->begin(o);
      CHECK(e.find(dir / name + ": ") == 0);
      CHECK_MESSAGE(e.find(part) != std::string::npos, e);
      CHECK(sink->add(solid(2, 2, theme()[0])) == dir / name + ": not recording after an earlier error (" + e + ")");
      CHECK(sink->begin(options(2, 2)) == dir / name + ": not recording after an earlier error (" + e + ")");
    }
  };
  check_refused(options(0, 10), "size 0x10 is out of range");
  check_refused(options(-4, 10), "size -4x10 is out of range");
  check_refused(options(8194, 2), "size 8194x2 is out of range (1 to 8192 a side)");
  VideoOptions o = options(4, 4);
  o.fps = std::nan("");
  check_refused(o, "fps nan is out of range");
  o = options(4, 4);
  o.fps = 0;
  check_refused(o, "fps 0 is out of range");
  o = options(4, 4);
  o.metadata = {{"bad=key", "v"}};
  check_refused(o, "metadata key 'bad=key'");
  o = options(4, 4);
  o.palette_hint.assign(257, Rgb8{1, 2, 3});
  check_refused(o, "palette_hint has 257 colours");
  CHECK(dir.names().empty());
}

TEST_CASE("sink: the order of calls is checked and each misuse is named") {
  TempDir dir;
  std::string err;
  auto sink = make_sink(dir / "a.gif", err);
  REQUIRE(sink);
  CHECK(sink->add(solid(4, 4, theme()[0])) == dir / "a.gif" + ": add() before begin()");
  CHECK(sink->finish().error == dir / "a.gif" + ": finish() before begin()");
  REQUIRE(sink->begin(options(4, 4)) == "");
  CHECK(sink->begin(options(4, 4)) == dir / "a.gif" + ": begin() called twice");
  REQUIRE(sink->add(solid(4, 4, theme()[0])) == "");
  CHECK(sink->frames() == 1);
  CHECK(sink->finish().error == "");
  CHECK(sink->add(solid(4, 4, theme()[0])) == dir / "a.gif" + ": add() after finish()");
  CHECK(sink->finish().error == dir / "a.gif" + ": finish() called twice");
  CHECK(sink->frames() == 1);

  auto empty = make_sink(dir / "b.gif", err);
  REQUIRE(empty->begin(options(4, 4)) == "");
  CHECK(empty->finish().error == dir / "b.gif" + ": no frames were added, nothing written");
  CHECK(dir.names() == std::vector<std::string>{"a.gif"});
}

TEST_CASE("sink: a frame of the wrong size ends the recording and nothing is left") {
  for (const std::string name : {"w.gif", "w.png", "w.mp4"}) {
    TempDir dir;
    auto sink = begun(dir / name);
    REQUIRE(sink);
    REQUIRE(sink->add(solid(16, 8, theme()[0])) == "");
    const std::string e = sink->add(solid(8, 16, theme()[0]));
    CHECK(e == dir / name + ": frame 1: frame is 8x16, expected 16x8");
    CHECK(sink->add(solid(16, 8, theme()[0])) == dir / name + ": not recording after an earlier error (" + e + ")");
    CHECK(sink->finish().error == e);
    CHECK(sink->frames() == 1);
    CHECK(dir.names().empty());
  }
}

TEST_CASE("sink: destroyed without finish, a recording leaves nothing behind") {
  for (const std::string name : {"d.gif", "d.png", "d.mp4"}) {
    TempDir dir;
    {
      auto sink = begun(dir / name);
      REQUIRE(sink);
      for (int t = 0; t < 3; ++t) REQUIRE(sink->add(scene(16, 8, t, theme())) == "");
      CHECK_FALSE(dir.names().empty());
    }
    CHECK(dir.names().empty());
  }
}

TEST_CASE("sink: an existing file is replaced only by a complete recording") {
  TempDir dir;
  const std::string path = dir / "keep.gif";
  std::ofstream(path) << "the earlier recording";
  std::string err;
  {
    auto sink = make_sink(path, err);
    REQUIRE(sink->begin(options(4, 4)) == "");
    REQUIRE(sink->add(solid(4, 4, theme()[0])) == "");
    CHECK(sink->add(solid(5, 4, theme()[0])) != "");
  }
  CHECK(contents(path) == "the earlier recording");
  CHECK(dir.names() == std::vector<std::string>{"keep.gif"});
  REQUIRE(record(path, options(4, 4), {solid(4, 4, theme()[0])}).error == "");
  CHECK(contents(path).substr(0, 6) == "GIF89a");
}
