#include "engine/param_tree.hpp"

namespace mbrl {

const std::vector<std::string>& param_scopes() {
  static const std::vector<std::string> s = {"planner", "env", "mpc", "model", "loop", "gui"};
  return s;
}

std::string split_key(const std::string& key, ScopedKey& out) {
  const size_t dot = key.find('.');
  if (dot == std::string::npos) {
    out = {"planner", key};
    return key.empty() ? "empty parameter name" : "";
  }
  const std::string scope = key.substr(0, dot);
  for (const std::string& s : param_scopes()) {
    if (s != scope) continue;
    out = {scope, key.substr(dot + 1)};
    return out.key.empty() ? "'" + key + "': no parameter name after the scope" : "";
  }
  std::string valid;
  for (const std::string& s : param_scopes()) valid += (valid.empty() ? "" : ", ") + s + ".KEY";
  return "'" + key + "': unknown scope '" + scope + "' (valid: KEY for the planner, " + valid + ")";
}

void ParamTree::add(std::string scope, ParamSet set) { scopes_.push_back({std::move(scope), std::move(set)}); }

ParamSet* ParamTree::find(const std::string& scope) {
  for (auto& s : scopes_)
    if (s.name == scope) return &s.set;
  return nullptr;
}

const ParamSet* ParamTree::find(const std::string& scope) const {
  for (const auto& s : scopes_)
    if (s.name == scope) return &s.set;
  return nullptr;
}

std::string ParamTree::set(const std::string& key, const std::string& value) {
  ScopedKey k;
  if (std::string err = split_key(key, k); !err.empty()) return err;
  ParamSet* p = find(k.scope);
  if (!p) return "'" + key + "': no " + k.scope + " parameters here";
  if (auto err = p->set_from_string(k.key, value)) return *err + " (" + k.scope + ")";
  return "";
}

KeyValues ParamTree::items() const {
  KeyValues out;
  for (const auto& s : scopes_)
    for (size_t i = 0; i < s.set.infos.size(); ++i)
      out.emplace_back(s.name + "." + s.set.infos[i].key, s.set.value_string(int(i)));
  return out;
}

}  // namespace mbrl
