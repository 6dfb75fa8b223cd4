#pragma once
// JSON helpers of the command line: parameters, state/action lists, writing a metrics file.
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/params.hpp"
#include "core/types.hpp"

namespace mbrl {

inline nlohmann::json params_to_json(const ParamSet& p) {
  nlohmann::json j = nlohmann::json::object();
  for (size_t i = 0; i < p.infos.size(); ++i) {
    const ParamInfo& info = p.infos[i];
    switch (info.kind) {
      case ParamKind::Bool:
        j[info.key] = p.values[i] != 0;
        break;
      case ParamKind::Choice:
        j[info.key] = p.value_string(int(i));
        break;
      case ParamKind::Int:
        j[info.key] = int64_t(p.values[i]);
        break;
      case ParamKind::Float:
        j[info.key] = p.values[i];
        break;
    }
  }
  return j;
}

// [[s0...], [s1...], ...]
inline nlohmann::json vectors_to_json(const std::vector<Vec>& vs) {
  nlohmann::json arr = nlohmann::json::array();
  for (const Vec& v : vs) arr.push_back(std::vector<float>(v.data(), v.data() + v.size()));
  return arr;
}

// Writes `j` to `path`; on failure prints one line naming the file and returns false.
inline bool write_metrics_file(const std::string& path, const nlohmann::json& j) {
  std::ofstream f(path);
  if (f) f << j.dump(1) << "\n";
  if (!f) {
    std::fprintf(stderr, "mbrl-playground run: --metrics %s: cannot write the file\n", path.c_str());
    return false;
  }
  return true;
}

}  // namespace mbrl
