#pragma once
// The scoped parameter tree: every knob of a session under one name `SCOPE.KEY`, built from the
// parameter structs' own visit() reflection (core/params.hpp). Scopes:
//   planner.KEY  the planner's parameters (the short form KEY works too: `--set samples=500`)
//   env.KEY      the environment's          mpc.KEY   the model-predictive controller's
//   model.KEY    the learned model's        loop.KEY  the MBRL loop's
//   gui.KEY      the window's own settings (held by the app, not by the engine)
// One tree serves `--set`, the settings file, the panels and lesson files, so a key means the
// same everywhere and an error names the same key everywhere.
#include <string>
#include <utility>
#include <vector>

#include "core/params.hpp"

namespace mbrl {

using KeyValues = std::vector<std::pair<std::string, std::string>>;

// The scopes, in the order --help and the settings file list them.
const std::vector<std::string>& param_scopes();

struct ScopedKey {
  std::string scope;  // "planner", "env", "mpc", "model", "loop", "gui"
  std::string key;    // the key inside its scope ("samples")
  std::string full() const { return scope + "." + key; }
};

// "env.g" -> {env, g}; a bare "samples" -> {planner, samples}; "foo.x" -> error naming the valid
// scopes. Returns "" or one line.
std::string split_key(const std::string& key, ScopedKey& out);

struct ParamScope {
  std::string name;
  ParamSet set;
};

class ParamTree {
 public:
  void add(std::string scope, ParamSet set);
  ParamSet* find(const std::string& scope);
  const ParamSet* find(const std::string& scope) const;
  // Parses VALUE onto SCOPE.KEY (or a bare planner KEY). "" or one line naming the scoped key and
  // what was expected; on error the tree is unchanged.
  std::string set(const std::string& key, const std::string& value);
  // Every parameter as `SCOPE.KEY = value` items, scope by scope.
  KeyValues items() const;
  const std::vector<ParamScope>& scopes() const { return scopes_; }

 private:
  std::vector<ParamScope> scopes_;
};

}  // namespace mbrl
