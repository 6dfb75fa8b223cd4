#include "app/gui/panels/param_edits.hpp"

#include "app/gui/panels/param_widgets.hpp"

namespace mbrl::gui {

bool edit_params(Session& session, ParamSet& set, const char* scope) {
  const int i = param_widgets(set, scope);
  if (i < 0) return false;
  session.apply(Event::set(std::string(scope) + "." + set.infos[size_t(i)].key, set.value_string(i)));
  return true;
}

void reset_params(Session& session, const ParamSet& set, const char* scope) {
  ParamSet defaults = set;
  defaults.reset_defaults();
  for (int i = 0; i < int(set.infos.size()); ++i)
    if (set.values[size_t(i)] != defaults.values[size_t(i)])
      session.apply(Event::set(std::string(scope) + "." + set.infos[size_t(i)].key, defaults.value_string(i)));
}

}  // namespace mbrl::gui
