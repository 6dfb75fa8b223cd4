#include "core/eigen_warnings.hpp"  // first: see there
#include "core/learn/obs_map.hpp"

#include <algorithm>
#include <cmath>

namespace mbrl {

float wrap_angle(float x) {
  constexpr float kPi = 3.14159265358979f, k2Pi = 6.28318530717959f;
  float y = std::fmod(x + kPi, k2Pi);
  if (y < 0) y += k2Pi;
  return y - kPi;
}

bool ObsMap::is_angle(int d) const { return std::find(angle_dims.begin(), angle_dims.end(), d) != angle_dims.end(); }

void ObsMap::vjp(CMatRef states, CMatRef grad_obs, MatRef grad_states) const {
  if (backward) {
    backward(states, grad_obs, grad_states);
    return;
  }
  // Central differences, one state dim at a time over the whole batch.
  const float h = 1e-3f;
  Mat plus = states, minus = states;
  Mat op(obs_dim, states.cols()), om(obs_dim, states.cols());
  for (int d = 0; d < state_dim; ++d) {
    plus.row(d).array() += h;
    minus.row(d).array() -= h;
    forward(plus, op);
    forward(minus, om);
    grad_states.row(d) = ((op - om).array() * grad_obs.array()).colwise().sum() / (2 * h);
    plus.row(d) = states.row(d);
    minus.row(d) = states.row(d);
  }
}

ObsMap ObsMap::identity(int state_dim, std::string name) {
  ObsMap m;
  m.name = std::move(name);
  m.state_dim = m.obs_dim = state_dim;
  m.forward = [](CMatRef s, MatRef o) { o = s; };
  m.backward = [](CMatRef, CMatRef g, MatRef gs) { gs = g; };
  return m;
}

ObsMap ObsMap::angles(int state_dim, std::vector<int> angles, std::string name, bool wrap_output) {
  ObsMap m;
  m.wrap_output = wrap_output;
  m.name = std::move(name);
  m.state_dim = state_dim;
  std::sort(angles.begin(), angles.end());
  m.angle_dims = angles;
  m.obs_dim = state_dim + int(angles.size());
  std::vector<int> is_ang(size_t(state_dim), 0);
  for (int a : angles) is_ang[size_t(a)] = 1;
  m.forward = [is_ang, state_dim](CMatRef s, MatRef o) {
    int r = 0;
    for (int d = 0; d < state_dim; ++d) {
      if (is_ang[size_t(d)]) {
        o.row(r++) = s.row(d).array().sin().matrix();
        o.row(r++) = s.row(d).array().cos().matrix();
      } else {
        o.row(r++) = s.row(d);
      }
    }
  };
  m.backward = [is_ang, state_dim](CMatRef s, CMatRef g, MatRef gs) {
    int r = 0;
    for (int d = 0; d < state_dim; ++d) {
      if (is_ang[size_t(d)]) {
        gs.row(d) =
            (g.row(r).array() * s.row(d).array().cos() - g.row(r + 1).array() * s.row(d).array().sin()).matrix();
        r += 2;
      } else {
        gs.row(d) = g.row(r++);
      }
    }
  };
  return m;
}

}  // namespace mbrl
