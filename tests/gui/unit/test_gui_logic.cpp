// The window's GL-free logic: settings persistence (a corrupt file is reported and ignored, a
// saved parameter the current build rejects is dropped alone),
// the camera's transforms (zoom keeps the point under the cursor), draw-order runs in a Batch,
// and the helper-thread rasteriser (pixels land where the GL path would put them).
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "app/gui/render/batch.hpp"
#include "app/gui/render/camera.hpp"
#include "engine/loop_params.hpp"
#include "app/gui/render/sample_raster.hpp"
#include "app/gui/settings.hpp"

using namespace mbrl;
using namespace mbrl::gui;
namespace fs = std::filesystem;

namespace {
std::string temp_path(const char* name) {
  const fs::path dir = fs::temp_directory_path() / "mbrl-gui-unit";
  fs::create_directories(dir);
  return (dir / name).string();
}

// A "PREFIX.KEY=VALUE" item for the first numeric key of `set`, at a value other than its
// default (the top of its range), so tests never name a model/loop key that may be renamed.
std::pair<std::string, std::string> non_default_item(ParamSet set, const std::string& prefix) {
  for (size_t i = 0; i < set.infos.size(); ++i) {
    const ParamInfo& info = set.infos[i];
    if ((info.kind == ParamKind::Int || info.kind == ParamKind::Float) && info.hi != info.def) {
      REQUIRE_FALSE(set.set(info.key, info.hi).has_value());
      return {prefix + info.key, set.value_string(int(i))};
    }
  }
  FAIL("no numeric parameter in the set");
  return {};
}
}  // namespace

TEST_CASE("settings round-trip through the JSON file") {
  const std::string path = temp_path("roundtrip/settings.json");
  fs::remove_all(fs::path(path).parent_path());
  Settings s;
  s.width = 1280, s.height = 720;
  s.theme = Theme::Projector;
  s.ui_scale = 1.5f;
  s.env = "cartpole";
  s.planner = "cem";
  s.params = {{"samples", "300"}, {"env.g", "9.8"}, {"mpc.replan_every", "2"}};
  REQUIRE(save_settings(path, s) == "");  // creates the directory
  Settings back;
  REQUIRE(load_settings(path, back) == "");
  CHECK(back.width == 1280);
  CHECK(back.height == 720);
  CHECK(back.theme == Theme::Projector);
  CHECK(back.ui_scale == doctest::Approx(1.5));
  CHECK(back.env == "cartpole");
  CHECK(back.planner == "cem");
  CHECK(back.params.size() == 3);
  CHECK(back.model == "");  // not saved: the true dynamics, as before the model was remembered
  CHECK(back.learn_params.empty());
}

TEST_CASE("settings round-trip the dynamics model and its model.KEY and loop.KEY items") {
  const std::string path = temp_path("learned/settings.json");
  fs::remove_all(fs::path(path).parent_path());
  Settings s;
  s.env = "pendulum";
  s.planner = "mppi";
  s.model = "ensemble";
  s.learn_params = {non_default_item(describe(ModelParams{}), "model."),
                    non_default_item(describe(LoopParams{}), "loop.")};
  REQUIRE(save_settings(path, s) == "");
  Settings back;
  REQUIRE(load_settings(path, back) == "");
  CHECK(back.model == "ensemble");
  CHECK(back.learn_params == s.learn_params);

  // Applied as the session takes them: learned on, both items kept, nothing dropped.
  std::vector<std::string> dropped;
  const SavedModel m = saved_model(back, path, describe(ModelParams{}), describe(LoopParams{}), dropped);
  CHECK(m.learned);
  CHECK(m.sets == s.learn_params);
  CHECK(dropped.empty());

  // The true dynamics: learned off and no model items for the session (it rejects them then).
  back.model = "true";
  const SavedModel off = saved_model(back, path, describe(ModelParams{}), describe(LoopParams{}), dropped);
  CHECK_FALSE(off.learned);
  CHECK(off.sets.empty());
  CHECK(dropped.empty());
}

TEST_CASE("a saved model key the build no longer has is dropped with one line, the other keys apply") {
  const std::string path = temp_path("upgraded/settings.json");
  Settings s;
  s.model = "ensemble";
  const auto good_model = non_default_item(describe(ModelParams{}), "model.");
  const auto good_loop = non_default_item(describe(LoopParams{}), "loop.");
  const ParamSet model_set = describe(ModelParams{});
  const ParamInfo& first = model_set.infos.front();
  s.learn_params = {{"model.no_such_key_any_more", "3"},
                    good_model,
                    {"model." + first.key, "1e30"},  // out of range
                    good_loop,
                    {"planner_key_in_the_wrong_place", "1"}};
  std::vector<std::string> dropped;
  const SavedModel m = saved_model(s, path, describe(ModelParams{}), describe(LoopParams{}), dropped);
  CHECK(m.learned);
  CHECK(m.sets == SetItems{good_model, good_loop});
  REQUIRE(dropped.size() == 3);
  for (const std::string& line : dropped) {
    CHECK(line.find(path) != std::string::npos);
    CHECK(line.find('\n') == std::string::npos);
  }
  CHECK(dropped[0].find("model.no_such_key_any_more") != std::string::npos);
  CHECK(dropped[1].find("model." + first.key + "=1e30") != std::string::npos);
  CHECK(dropped[2].find("planner_key_in_the_wrong_place") != std::string::npos);

  // An unknown model kind: the true dynamics, with a line; its items are not applied.
  s.model = "transformer";
  dropped.clear();
  const SavedModel unknown = saved_model(s, path, describe(ModelParams{}), describe(LoopParams{}), dropped);
  CHECK_FALSE(unknown.learned);
  CHECK(unknown.sets.empty());
  REQUIRE(dropped.size() == 1);
  CHECK(dropped[0].find("transformer") != std::string::npos);
  CHECK(dropped[0].find(path) != std::string::npos);
}

TEST_CASE("keep_valid_items checks each item with the ones kept before it") {
  // A cross-key rule: "b" is valid only when "a" is present. A rejected item leaves the rest.
  auto check = [](const SetItems& items) -> std::string {
    bool has_a = false;
    for (const auto& [k, v] : items) {
      if (k == "a")
        has_a = true;
      else if (k == "b" && !has_a)
        return "b needs a";
      else if (k == "bad")
        return "bad is bad";
    }
    return "";
  };
  std::vector<std::string> dropped;
  CHECK(keep_valid_items({{"a", "1"}, {"bad", "2"}, {"b", "3"}}, "F", check, dropped) ==
        SetItems{{"a", "1"}, {"b", "3"}});
  REQUIRE(dropped.size() == 1);
  CHECK(dropped[0] == "settings file F: dropped bad=2 (bad is bad)");
  dropped.clear();
  CHECK(keep_valid_items({{"b", "3"}, {"a", "1"}}, "F", check, dropped) == SetItems{{"a", "1"}});
  CHECK(dropped.size() == 1);
}

TEST_CASE("a missing settings file is normal, a corrupt one is named and ignored") {
  Settings s;
  s.width = 999;
  CHECK(load_settings(temp_path("does-not-exist.json"), s) == "");
  CHECK(s.width == 999);

  const std::string bad = temp_path("corrupt.json");
  std::ofstream(bad) << "{ \"width\": 1600, \"theme\": ";
  const std::string err = load_settings(bad, s);
  CHECK(err.find(bad) != std::string::npos);
  CHECK(err.find("ignored") != std::string::npos);
  CHECK(s.width == 999);  // untouched

  const std::string range = temp_path("range.json");
  std::ofstream(range) << "{ \"ui_scale\": 40 }";
  const std::string err2 = load_settings(range, s);
  CHECK(err2.find("ui_scale") != std::string::npos);
  CHECK(s.ui_scale == doctest::Approx(1.0));
}

TEST_CASE("camera: world and screen round-trip, zoom keeps the point under the cursor") {
  Camera cam;
  cam.set_viewport({300.f, 0.f, 800.f, 600.f}, 600.f);
  cam.frame(Rect2{P2(-2, -1), P2(2, 1)});
  const P2 centre = cam.to_screen(P2(0, 0));
  CHECK(centre.x() == doctest::Approx(700.f));  // middle of the viewport
  CHECK(centre.y() == doctest::Approx(300.f));
  const P2 w(0.7f, -0.4f);
  const P2 back = cam.to_world(cam.to_screen(w));
  CHECK(back.x() == doctest::Approx(w.x()).epsilon(1e-4));
  CHECK(back.y() == doctest::Approx(w.y()).epsilon(1e-4));
  CHECK(cam.to_screen(P2(0, 1)).y() < centre.y());  // world up is screen up

  const P2 cursor(900.f, 150.f);
  const P2 under = cam.to_world(cursor);
  cam.zoom_at(2.5f, cursor);
  const P2 after = cam.to_world(cursor);
  CHECK(after.x() == doctest::Approx(under.x()).epsilon(1e-4));
  CHECK(after.y() == doctest::Approx(under.y()).epsilon(1e-4));
  CHECK(cam.contains_screen(cursor));
  CHECK_FALSE(cam.contains_screen(P2(100.f, 150.f)));  // left of the viewport (a panel)
}

TEST_CASE("batch: consecutive primitives of one pipeline share a run, order is kept") {
  Batch b;
  b.segment(P2(0, 0), P2(1, 0), Color{}, 2.f);
  b.ring(P2(0, 0), 1.f, Color{}, 2.f);
  const P2 quad[4] = {P2(0, 0), P2(1, 0), P2(1, 1), P2(0, 1)};
  b.polygon(quad, 4, Color{});  // fill run + its anti-aliasing outline (shape run)
  b.disk(P2(0, 0), 0.5f, Color{});
  const P2 strip[3] = {P2(0, 0), P2(1, 1), P2(2, 0)};
  b.hair_strip(strip, 3, Color{});
  b.hair_strip(strip, 3, Color{});
  REQUIRE(b.runs().size() == 4);
  CHECK(b.runs()[0].pipe == Batch::Pipe::Shape);
  CHECK(b.runs()[0].count == 2);
  CHECK(b.runs()[1].pipe == Batch::Pipe::Fill);
  CHECK(b.runs()[1].count == 6);  // two triangles
  CHECK(b.runs()[2].pipe == Batch::Pipe::Shape);
  CHECK(b.runs()[2].count == 5);  // four outline segments, then the disk
  CHECK(b.runs()[3].pipe == Batch::Pipe::Hairline);
  CHECK(b.runs()[3].count == 2);
  CHECK(b.lines().size() == 6);
}

TEST_CASE("rasteriser: a horizontal hairline covers its pixels once, in premultiplied colour") {
  Batch b;
  const P2 line[2] = {P2(1.f, 2.f), P2(8.f, 2.f)};
  b.hair_strip(line, 2, Color(1.f, 0.f, 0.f, 0.5f));
  RasterImage img;
  const RasterView view{1.f, 0.5f, 0.5f, 10, 5};  // px = world + 0.5: pixel centres on integers
  rasterize_hairlines(b.lines(), b.strip_first(), b.strip_count(), view, img);
  REQUIRE(img.rgba.size() == 10 * 5 * 4);
  auto px = [&](int x, int y) { return img.rgba.data() + (size_t(y) * 10 + size_t(x)) * 4; };
  for (int x = 1; x <= 8; ++x) {
    CHECK(int(px(x, 2)[0]) == 128);  // 1 * 0.5 premultiplied
    CHECK(int(px(x, 2)[3]) == 128);
  }
  CHECK(int(px(0, 2)[3]) == 0);
  CHECK(int(px(9, 2)[3]) == 0);
  CHECK(int(px(4, 1)[3]) == 0);
  CHECK(int(px(4, 3)[3]) == 0);
}

TEST_CASE("rasteriser: later strips blend over earlier ones, off-image segments are skipped") {
  Batch b;
  const P2 a[2] = {P2(0.f, 0.f), P2(3.f, 0.f)};
  const P2 far[2] = {P2(100.f, 100.f), P2(200.f, 100.f)};
  b.hair_strip(a, 2, Color(0.f, 0.f, 1.f, 1.f));
  b.hair_strip(far, 2, Color(0.f, 1.f, 0.f, 1.f));
  b.hair_strip(a, 2, Color(1.f, 0.f, 0.f, 0.5f));
  RasterImage img;
  rasterize_hairlines(b.lines(), b.strip_first(), b.strip_count(), RasterView{1.f, 0.5f, 0.5f, 4, 2}, img);
  const uint8_t* p = img.rgba.data() + 4;  // pixel (1, 0)
  // Red at alpha 128/255 over opaque blue: half red, half blue (colours are 8-bit quantised).
  CHECK(int(p[0]) == 128);
  CHECK(int(p[1]) == 0);
  CHECK(int(p[2]) == 127);
  CHECK(int(p[3]) == 255);
}
