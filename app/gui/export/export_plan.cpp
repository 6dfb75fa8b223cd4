#include "app/gui/export/export_plan.hpp"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "engine/build_info.hpp"

namespace mbrl::gui {

std::string resolve_range(const ExportSettings& s, int64_t last_frame, FrameRange& out) {
  if (last_frame < 0) return "the recording has no frames";
  if (s.every < 1) return "--every " + std::to_string(s.every) + ": expected 1 or more";
  FrameRange r;
  r.every = s.every;
  r.first = s.first;
  r.last = s.last < 0 ? std::max<int64_t>(0, last_frame - 1) : s.last;
  if (r.first < 0 || r.first > last_frame)
    return "the first frame " + std::to_string(r.first) + " is not in the recording (frames 0-" +
           std::to_string(last_frame) + ")";
  if (r.last > last_frame)
    return "the last frame " + std::to_string(r.last) + " is not in the recording (frames 0-" +
           std::to_string(last_frame) + ")";
  if (r.last < r.first) return "nothing to export: frames " + std::to_string(r.first) + " to " + std::to_string(r.last);
  out = r;
  return "";
}

std::string setup_hash(const EngineSetup& setup) {
  uint64_t h = 0xcbf29ce484222325ull;
  auto mix = [&](const std::string& s) {
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
    h = (h ^ 0xffu) * 0x100000001b3ull;  // a separator no text holds
  };
  mix(setup.env);
  mix(setup.planner);
  mix(setup.model);
  mix(setup.loop);
  mix(std::to_string(setup.seed));
  for (const auto& [k, v] : setup.sets) mix(k + "=" + v);
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016" PRIx64, h);
  return buf;
}

media::Metadata provenance(const EngineSetup& setup, const FrameRange& range, const std::string& what) {
  std::string sets;
  for (const auto& [k, v] : setup.sets) sets += (sets.empty() ? "" : " ") + k + "=" + v;
  media::Metadata m = {
      {"Software", "mbrl-playground " + app_version()},
      {"build", build_fingerprint()},
      {"source", what},
      {"setup_hash", setup_hash(setup)},
      {"env", setup.env},
      {"planner", setup.planner},
      {"model", setup.model + (setup.loop.empty() ? "" : " " + setup.loop)},
      {"seed", std::to_string(setup.seed)},
      {"steps", std::to_string(range.first) + "-" + std::to_string(range.last)},
      {"every", std::to_string(range.every)},
  };
  if (!sets.empty()) m.emplace_back("sets", sets);
  return m;
}

std::vector<media::Rgb8> palette_hints(Theme theme, const std::vector<Rgba>& extra) {
  const ThemePalette& p = palette(theme);
  std::vector<media::Rgb8> out;
  auto to8 = [](Rgba c) {
    auto b = [](float v) { return uint8_t(std::lround(std::clamp(v, 0.f, 1.f) * 255.f)); };
    return media::Rgb8{b(c.r), b(c.g), b(c.b)};
  };
  auto add = [&](Rgba c) {
    const media::Rgb8 v = to8(c);
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  };
  add(p.background);  // first: the palette's ramps start from it
  for (Rgba c : {p.panel, p.mean_plan, p.best_sample, p.executed, p.elite, p.grid, p.text, p.text_dim}) add(c);
  for (Role r : {Role::Body, Role::BodyAccent, Role::Ground, Role::Obstacle, Role::Goal, Role::Hazard})
    add(role_color(r, theme));
  // Sample lines as they land on the background: light to heavy.
  for (float w : {0.f, 0.25f, 0.5f, 0.75f, 1.f}) {
    const Rgba c = trajectory_color(w, theme);
    add(lerp(p.background, c.with_alpha(1.f), c.a));
  }
  for (Rgba c : extra) add(c);
  if (out.size() > 256) out.resize(256);
  return out;
}

namespace {
// XDG_VIDEOS_DIR from user-dirs.dirs: a line XDG_VIDEOS_DIR="$HOME/Videos".
std::string user_dirs_videos(const std::string& home) {
  const char* cfg = std::getenv("XDG_CONFIG_HOME");
  const std::string file = (cfg && *cfg ? std::string(cfg) : home + "/.config") + "/user-dirs.dirs";
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    const std::string key = "XDG_VIDEOS_DIR=";
    if (line.rfind(key, 0) != 0) continue;
    std::string v = line.substr(key.size());
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    if (v.rfind("$HOME", 0) == 0) v = home + v.substr(5);
    return v;
  }
  return "";
}
}  // namespace

std::string default_export_dir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  const char* home_env = std::getenv("HOME");
  const std::string home = home_env && *home_env ? home_env : "";
  const char* xdg = std::getenv("XDG_VIDEOS_DIR");
  std::string videos = xdg && *xdg ? xdg : (home.empty() ? "" : user_dirs_videos(home));
  // user-dirs.dirs names $HOME itself when there is no videos folder: not a place for exports.
  if (!videos.empty() && videos != home && videos != home + "/") return videos + "/mbrl-playground";
  if (!home.empty() && fs::is_directory(home + "/Videos", ec)) return home + "/Videos/mbrl-playground";
  return (fs::current_path(ec) / "exports").string();
}

std::string default_export_path(const std::string& dir, const std::string& env, const std::string& planner,
                                const std::string& ext) {
  std::time_t t = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&t));
  return dir + "/" + env + "-" + planner + "-" + stamp + "." + ext;
}

}  // namespace mbrl::gui
