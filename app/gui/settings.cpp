#include "app/gui/settings.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "engine/param_tree.hpp"

namespace mbrl::gui {
namespace fs = std::filesystem;
using json = nlohmann::ordered_json;  // keeps the items in the order they were saved

std::string default_settings_path() {
  fs::path base;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x)
    base = x;
  else if (const char* h = std::getenv("HOME"); h && *h)
    base = fs::path(h) / ".config";
  else
    base = ".";
  return (base / "mbrl-playground" / "settings.json").string();
}

std::string load_settings(const std::string& path, Settings& out) {
  std::ifstream in(path);
  if (!in) return "";
  Settings s;
  try {
    const json j = json::parse(in);
    if (!j.is_object()) throw std::runtime_error("expected a JSON object at the top level");
    auto num = [&](const char* key, auto& v, double lo, double hi) {
      if (!j.contains(key)) return;
      const double x = j.at(key).get<double>();
      if (!(x >= lo && x <= hi))
        throw std::runtime_error(std::string("'") + key + "' = " + std::to_string(x) + " is outside [" +
                                 std::to_string(lo) + ", " + std::to_string(hi) + "]");
      v = static_cast<std::remove_reference_t<decltype(v)>>(x);
    };
    num("width", s.width, 320, 16384);
    num("height", s.height, 240, 16384);
    num("ui_scale", s.ui_scale, 0.5, 4.0);
    num("line_scale", s.line_scale, 0.5, 5.0);
    num("speed", s.speed, 0.01, 10.0);
    if (j.contains("theme")) {
      const std::string t = j.at("theme").get<std::string>();
      if (t != "dark" && t != "projector") throw std::runtime_error("'theme' must be \"dark\" or \"projector\"");
      s.theme = t == "dark" ? Theme::Dark : Theme::Projector;
    }
    if (j.contains("help_seen")) s.help_seen = j.at("help_seen").get<bool>();
    if (j.contains("env")) s.env = j.at("env").get<std::string>();
    if (j.contains("planner")) s.planner = j.at("planner").get<std::string>();
    if (j.contains("params")) {
      for (const auto& [k, v] : j.at("params").items()) s.params.emplace_back(k, v.get<std::string>());
    }
    if (j.contains("model")) s.model = j.at("model").get<std::string>();  // checked by saved_model()
    if (j.contains("learn_params")) {
      for (const auto& [k, v] : j.at("learn_params").items()) s.learn_params.emplace_back(k, v.get<std::string>());
    }
  } catch (const std::exception& e) {
    return "settings file " + path + " is not valid (" + e.what() + "); ignored, using defaults";
  }
  out = s;
  return "";
}

std::string save_settings(const std::string& path, const Settings& s) {
  json j;
  j["width"] = s.width;
  j["height"] = s.height;
  j["theme"] = s.theme == Theme::Dark ? "dark" : "projector";
  j["ui_scale"] = s.ui_scale;
  j["line_scale"] = s.line_scale;
  j["speed"] = s.speed;
  j["help_seen"] = s.help_seen;
  j["env"] = s.env;
  j["planner"] = s.planner;
  json p = json::object();
  for (const auto& [k, v] : s.params) p[k] = v;
  j["params"] = p;
  j["model"] = s.model;
  json lp = json::object();
  for (const auto& [k, v] : s.learn_params) lp[k] = v;
  j["learn_params"] = lp;
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  std::ofstream out(path);
  if (!out) return "cannot write settings file " + path;
  out << j.dump(2) << "\n";
  return out ? "" : "cannot write settings file " + path;
}

SetItems keep_valid_items(const SetItems& items, const std::string& path,
                          const std::function<std::string(const SetItems&)>& check, std::vector<std::string>& dropped) {
  if (check(items).empty()) return items;
  SetItems kept;
  for (const auto& item : items) {
    kept.push_back(item);
    if (const std::string err = check(kept); !err.empty()) {
      kept.pop_back();
      dropped.push_back("settings file " + path + ": dropped " + item.first + "=" + item.second + " (" + err + ")");
    }
  }
  return kept;
}

SavedModel saved_model(const Settings& s, const std::string& path, const ParamSet& model, const ParamSet& loop,
                       std::vector<std::string>& dropped) {
  SavedModel out;
  if (s.model != "ensemble") {
    if (!s.model.empty() && s.model != "true")
      dropped.push_back("settings file " + path + ": dropped model=" + s.model +
                        " (expected true or ensemble); planning through the true dynamics");
    return out;
  }
  out.learned = true;
  // The session's own reading of model.KEY / loop.KEY (Session's constructor): each onto its set.
  auto check = [&](const SetItems& items) -> std::string {
    ParamTree tree;
    tree.add("model", model);
    tree.add("loop", loop);
    for (const auto& [key, value] : items) {
      ScopedKey k;
      if (!split_key(key, k).empty() || (k.scope != "model" && k.scope != "loop"))
        return std::string("not a model.KEY or loop.KEY parameter");
      if (std::string err = tree.set(key, value); !err.empty()) return err;
    }
    return std::string();
  };
  out.sets = keep_valid_items(s.learn_params, path, check, dropped);
  return out;
}

}  // namespace mbrl::gui
