#pragma once
// Named, typed, range-checked parameters.
//
// A planner or environment keeps a plain `Params` struct with in-class defaults and a
// comment on every field, plus a `visit(V&)` member that names each field once:
//
//   template <class V> void visit(V& v) {
//     v.field("samples", samples, 1, 1000000, "K: sampled action sequences per iteration");
//     v.choice("sampling", sampling, {"uniform", "gaussian"}, "How actions are drawn");
//   }
//
// From that one list the generic code below derives the --help text, `--set KEY=VALUE`,
// JSON export, range validation and the app's sliders (all through ParamSet).
#include <optional>
#include <string>
#include <vector>

namespace mbrl {

enum class ParamKind { Float, Int, Bool, Choice };

struct ParamInfo {
  std::string key;
  ParamKind kind = ParamKind::Float;
  double def = 0, lo = 0, hi = 1;
  std::string help;
  std::vector<std::string> choices;  // for Choice: value is the index
  bool log_scale = false;            // slider hint for values spanning decades
};

// A flat, type-erased copy of a Params struct: what the UI edits and the CLI sets.
struct ParamSet {
  std::vector<ParamInfo> infos;
  std::vector<double> values;

  int index_of(const std::string& key) const;
  const ParamInfo* find(const std::string& key) const;
  double get(const std::string& key) const;  // asserts that the key exists
  // Range/finite/integer check and assignment. Returns an error message naming the key, or
  // nullopt. On error the set is unchanged.
  std::optional<std::string> set(const std::string& key, double value);
  // Parses "1e-3", "true", "gaussian" (choice name) ... then calls set().
  std::optional<std::string> set_from_string(const std::string& key, const std::string& text);
  void reset_defaults();
  std::string value_string(int i) const;  // "0.5", "true", "gaussian"
  std::string range_string(int i) const;  // "[1, 1e6]", "{uniform|gaussian}"
  std::vector<std::string> keys() const;
};

// ---- Generic bridges between a Params struct (with visit) and a ParamSet ----

namespace detail {
struct Describe {
  ParamSet* out;
  void field(const char* k, float& v, double lo, double hi, const char* help, bool log = false) {
    add(k, ParamKind::Float, v, lo, hi, help, {}, log);
  }
  void field(const char* k, double& v, double lo, double hi, const char* help, bool log = false) {
    add(k, ParamKind::Float, v, lo, hi, help, {}, log);
  }
  void field(const char* k, int& v, double lo, double hi, const char* help, bool log = false) {
    add(k, ParamKind::Int, v, lo, hi, help, {}, log);
  }
  void flag(const char* k, bool& v, const char* help) { add(k, ParamKind::Bool, v ? 1 : 0, 0, 1, help, {}, false); }
  template <class E>
  void choice(const char* k, E& v, std::vector<std::string> names, const char* help) {
    const double n = double(names.size()) - 1;
    add(k, ParamKind::Choice, double(int(v)), 0, n, help, std::move(names), false);
  }
  void add(const char* k, ParamKind kind, double v, double lo, double hi, const char* help,
           std::vector<std::string> choices, bool log) {
    ParamInfo info;
    info.key = k;
    info.kind = kind;
    info.def = v;
    info.lo = lo;
    info.hi = hi;
    info.help = help;
    info.choices = std::move(choices);
    info.log_scale = log;
    out->infos.push_back(std::move(info));
    out->values.push_back(v);
  }
};
struct Load {
  const ParamSet* in;
  double at(const char* k) const { return in->get(k); }
  void field(const char* k, float& v, double, double, const char*, bool = false) { v = float(at(k)); }
  void field(const char* k, double& v, double, double, const char*, bool = false) { v = at(k); }
  void field(const char* k, int& v, double, double, const char*, bool = false) { v = int(at(k)); }
  void flag(const char* k, bool& v, const char*) { v = at(k) != 0; }
  template <class E>
  void choice(const char* k, E& v, const std::vector<std::string>&, const char*) {
    v = E(int(at(k)));
  }
};
}  // namespace detail

// Describe a Params value: infos (with ranges/help) and current values. Defaults (`def`)
// are taken from a default-constructed P, so "reset to defaults" means the struct's defaults.
template <class P>
ParamSet describe(const P& value) {
  ParamSet defaults;
  P d{};
  detail::Describe dd{&defaults};
  d.visit(dd);
  ParamSet cur;
  P copy = value;
  detail::Describe dc{&cur};
  copy.visit(dc);
  for (size_t i = 0; i < cur.infos.size(); ++i) cur.infos[i].def = defaults.values[i];
  return cur;
}

// Convert a ParamSet back into the struct. Keys missing from `set` keep P's default.
template <class P>
P load(const ParamSet& set) {
  P p{};
  ParamSet full = describe(p);
  for (size_t i = 0; i < full.infos.size(); ++i) {
    const int j = set.index_of(full.infos[i].key);
    if (j >= 0) full.values[i] = set.values[size_t(j)];
  }
  detail::Load l{&full};
  p.visit(l);
  return p;
}

// Range checks for every field, then P::validate() for cross-field rules
// (e.g. elites <= population). Returns "" when valid, else a message naming the key.
std::string validate_ranges(const ParamSet& set);

template <class P>
std::string validate_params(const P& p) {
  std::string err = validate_ranges(describe(p));
  if (!err.empty()) return err;
  return p.validate();
}

// Copy the values of `in` onto the current parameters `cur` (keys absent from `in` keep their
// current value), check ranges and cross-field rules, and assign only if all is valid. Unknown
// keys are rejected by name. Returns "" or a message naming the key; on error `cur` is unchanged.
template <class P>
std::string apply_params(P& cur, const ParamSet& in) {
  ParamSet full = describe(cur);
  for (size_t i = 0; i < in.infos.size(); ++i) {
    if (full.index_of(in.infos[i].key) < 0) {
      std::string valid;
      for (const auto& k : full.keys()) {
        if (!valid.empty()) valid += ", ";
        valid += k;
      }
      return "unknown parameter '" + in.infos[i].key + "' (valid: " + valid + ")";
    }
    full.values[size_t(full.index_of(in.infos[i].key))] = in.values[i];
  }
  std::string err = validate_ranges(full);
  if (!err.empty()) return err;
  P next = load<P>(full);
  err = next.validate();
  if (!err.empty()) return err;
  cur = next;
  return "";
}

}  // namespace mbrl
