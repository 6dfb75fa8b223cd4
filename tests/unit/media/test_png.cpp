// PNG files read back with libpng: one picture with its text chunks, and numbered sequences.
#include <doctest/doctest.h>

#include "media/png_writer.hpp"
#include "media_test_util.hpp"

using namespace media_test;

TEST_CASE("png: write_png reads back with its size, RGBA pixels and text chunks") {
  TempDir dir;
  Frame f = scene(33, 17, 3, theme());
  f.rgba[3] = 128;  // PNG keeps alpha
  const Metadata meta = {{"app", "mbrl-playground 0.9"}, {"setup hash", "5f3a9c"}, {"note", "Zürich, λ = 0.1"}};
  REQUIRE(write_png(dir / "shot.png", f, meta) == "");
  CHECK(dir.names() == std::vector<std::string>{"shot.png"});

  const PngImage png = read_png(dir / "shot.png");
  REQUIRE(png.ok);
  CHECK(png.width == 33);
  CHECK(png.height == 17);
  CHECK(png.color_type == PNG_COLOR_TYPE_RGB_ALPHA);
  CHECK(png.bit_depth == 8);
  CHECK(png.pixels == f.rgba);
  CHECK(png.text == meta);  // the UTF-8 value as iTXt, the others as tEXt
}

TEST_CASE("png: write_png refuses bad frames, bad metadata and missing folders by name") {
  TempDir dir;
  Frame f = solid(4, 4, theme()[0]);
  const std::string path = dir / "x.png";
  Frame short_frame = f;
  short_frame.rgba.pop_back();
  CHECK(write_png(path, short_frame, {}).find(path + ": frame 4x4 holds 63 bytes") == 0);
  CHECK(write_png(path, Frame{0, 4, {}}, {}).find(path + ": size 0x4 is out of range") == 0);
  CHECK(write_png(path, f, {{"", "v"}}).find(path + ": metadata key ''") == 0);
  CHECK(write_png(path, f, {{"a=b", "v"}}).find("'='") != std::string::npos);
  CHECK(write_png(path, f, {{" lead", "v"}}).find("space") != std::string::npos);
  CHECK(write_png(path, f, {{std::string(80, 'k'), "v"}}).find("1 to 79") != std::string::npos);
  CHECK(write_png(path, f, {{"k", "two\nlines"}}).find("one line") != std::string::npos);
  const std::string nowhere = dir / "missing/x.png";
  CHECK(write_png(nowhere, f, {}).find(nowhere + ": cannot create") == 0);
  CHECK(dir.names().empty());
}

TEST_CASE("png: a .png sink writes a numbered sequence and removes a longer earlier one's tail") {
  TempDir dir;
  VideoOptions o;
  o.width = 12;
  o.height = 10;
  o.metadata = {{"steps", "0-2"}};
  // An earlier recording of five frames: its frames 3 and 4 must not pass for this one's.
  std::vector<Frame> five, three;
  for (int t = 0; t < 5; ++t) five.push_back(scene(12, 10, t, theme()));
  REQUIRE(record(dir / "out.png", o, five).error == "");
  CHECK(dir.names().size() == 5);
  for (int t = 0; t < 3; ++t) three.push_back(scene(12, 10, t + 7, theme()));
  const SinkResult r = record(dir / "out.png", o, three);
  REQUIRE(r.error == "");
  CHECK(r.note.find("wrote 3 frames, " + (dir / "out-000000.png") + " to " + (dir / "out-000002.png")) == 0);
  CHECK(dir.names() == std::vector<std::string>{"out-000000.png", "out-000001.png", "out-000002.png"});
  for (int t = 0; t < 3; ++t) {
    const PngImage png = read_png(sequence_name(dir / "out-", t));
    REQUIRE(png.ok);
    CHECK(png.pixels == three[size_t(t)].rgba);
    CHECK(png.text == o.metadata);
  }
}
