#include "core/params.hpp"

#include <cassert>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace mbrl {

namespace {
std::string fmt(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

std::optional<std::string> check(const ParamInfo& info, double value) {
  if (!std::isfinite(value)) return "parameter '" + info.key + "': expected a finite number, got " + fmt(value);
  if (info.kind != ParamKind::Float && value != std::floor(value))
    return "parameter '" + info.key + "': expected a whole number, got " + fmt(value);
  if (value < info.lo || value > info.hi)
    return "parameter '" + info.key + "': " + fmt(value) + " is out of range [" + fmt(info.lo) + ", " + fmt(info.hi) +
           "]";
  return std::nullopt;
}
}  // namespace

int ParamSet::index_of(const std::string& key) const {
  for (size_t i = 0; i < infos.size(); ++i)
    if (infos[i].key == key) return int(i);
  return -1;
}

const ParamInfo* ParamSet::find(const std::string& key) const {
  const int i = index_of(key);
  return i < 0 ? nullptr : &infos[size_t(i)];
}

double ParamSet::get(const std::string& key) const {
  const int i = index_of(key);
  assert(i >= 0 && "unknown parameter key");
  return i < 0 ? 0.0 : values[size_t(i)];
}

std::optional<std::string> ParamSet::set(const std::string& key, double value) {
  const int i = index_of(key);
  if (i < 0) {
    std::string valid;
    for (const auto& inf : infos) {
      if (!valid.empty()) valid += ", ";
      valid += inf.key;
    }
    return "unknown parameter '" + key + "' (valid: " + valid + ")";
  }
  if (auto err = check(infos[size_t(i)], value)) return err;
  values[size_t(i)] = value;
  return std::nullopt;
}

std::optional<std::string> ParamSet::set_from_string(const std::string& key, const std::string& text) {
  const ParamInfo* info = find(key);
  if (!info) return set(key, 0.0);  // produces the "unknown parameter" message
  if (info->kind == ParamKind::Bool) {
    if (text == "true" || text == "1" || text == "on") return set(key, 1.0);
    if (text == "false" || text == "0" || text == "off") return set(key, 0.0);
    return "parameter '" + key + "': expected true or false, got '" + text + "'";
  }
  if (info->kind == ParamKind::Choice) {
    for (size_t c = 0; c < info->choices.size(); ++c)
      if (info->choices[c] == text) return set(key, double(c));
    std::string valid;
    for (const auto& c : info->choices) {
      if (!valid.empty()) valid += ", ";
      valid += c;
    }
    return "parameter '" + key + "': expected one of " + valid + ", got '" + text + "'";
  }
  const char* begin = text.c_str();
  char* end = nullptr;
  const double v = std::strtod(begin, &end);
  if (text.empty() || end == begin || *end != '\0')
    return "parameter '" + key + "': expected a number, got '" + text + "'";
  return set(key, v);
}

void ParamSet::reset_defaults() {
  for (size_t i = 0; i < infos.size(); ++i) values[i] = infos[i].def;
}

std::string ParamSet::value_string(int i) const {
  const ParamInfo& info = infos[size_t(i)];
  const double v = values[size_t(i)];
  if (info.kind == ParamKind::Bool) return v != 0 ? "true" : "false";
  if (info.kind == ParamKind::Choice) {
    const int c = int(v);
    return c >= 0 && c < int(info.choices.size()) ? info.choices[size_t(c)] : fmt(v);
  }
  return fmt(v);
}

std::string ParamSet::range_string(int i) const {
  const ParamInfo& info = infos[size_t(i)];
  if (info.kind == ParamKind::Bool) return "{true|false}";
  if (info.kind == ParamKind::Choice) {
    std::string s = "{";
    for (size_t c = 0; c < info.choices.size(); ++c) {
      if (c) s += '|';
      s += info.choices[c];
    }
    s += '}';
    return s;
  }
  std::string s = "[";
  s += fmt(info.lo);
  s += ", ";
  s += fmt(info.hi);
  s += ']';
  return s;
}

std::vector<std::string> ParamSet::keys() const {
  std::vector<std::string> k;
  for (const auto& inf : infos) k.push_back(inf.key);
  return k;
}

std::string validate_ranges(const ParamSet& set) {
  for (size_t i = 0; i < set.infos.size(); ++i)
    if (auto err = check(set.infos[i], set.values[i])) return *err;
  return "";
}

}  // namespace mbrl
