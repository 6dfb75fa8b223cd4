#pragma once
// ParamSet -> JSON object (numbers, booleans, choice names).
#include <nlohmann/json.hpp>

#include "core/params.hpp"

namespace mbrl {

inline nlohmann::json params_to_json(const ParamSet& p) {
  nlohmann::json j = nlohmann::json::object();
  for (size_t i = 0; i < p.infos.size(); ++i) {
    const ParamInfo& info = p.infos[i];
    switch (info.kind) {
      case ParamKind::Bool: j[info.key] = p.values[i] != 0; break;
      case ParamKind::Choice: j[info.key] = p.value_string(int(i)); break;
      case ParamKind::Int: j[info.key] = int64_t(p.values[i]); break;
      case ParamKind::Float: j[info.key] = p.values[i]; break;
    }
  }
  return j;
}

}  // namespace mbrl
