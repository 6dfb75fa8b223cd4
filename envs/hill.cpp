#include "envs/hill.hpp"

#include <cmath>
#include <cstdio>

#include "core/rng.hpp"
#include "envs/env_util.hpp"

namespace mbrl {

using envutil::clip;

std::string HillEnv::description() const {
  return "Gymnasium's MountainCarContinuous: an under-powered car in a valley must reach the flag on "
         "the right hill. Its engine is weaker than gravity on the slope, so driving straight at the "
         "flag stalls: it must first back up the left hill -- going right means we can go higher. A "
         "short-horizon planner with the plain distance cost (cost = distance) gets stuck; the default "
         "energy cost rewards every swing that adds energy. Success: reaching the flag.";
}

ActionBounds HillEnv::action_bounds() const { return {Vec::Constant(1, -1.f), Vec::Constant(1, 1.f)}; }

void HillEnv::step(CMatRef states, CMatRef actions, MatRef next, const StepContext&) const {
  const float power = p_.power, grav = p_.gravity, vmax = p_.max_speed;
  envutil::for_each_column<2, 1>(states, actions, next, [=](const float* s, const float* a, float* out) {
    const float x = s[0], u = clip(a[0], -1.f, 1.f);
    const float v = clip(s[1] + u * power - grav * envutil::cos_fast(3.f * x), -vmax, vmax);
    const float nx = clip(x + v, kMinPosition, kMaxPosition);
    out[0] = nx;
    out[1] = (nx == kMinPosition && v < 0.f) ? 0.f : v;  // the left wall stops the car
  });
}

float HillEnv::energy(float x, float v) const { return 0.5f * v * v + p_.gravity / 3.f * envutil::sin_fast(3.f * x); }

float HillEnv::height(float x) { return 0.45f * std::sin(3.f * x) + 0.55f; }

namespace {
// By value so that the cost loop vectorises (reads through `this` might alias the output).
inline float state_cost(const HillParams& p, float x, float v) {
  const float dist = (p.goal - x) / (HillEnv::kMaxPosition - HillEnv::kMinPosition - 0.15f);  // 1 at the wall
  float c = p.w_distance * dist;
  if (p.cost == HillParams::Cost::Energy) {
    const float e_flag = p.gravity / 3.f * envutil::sin_fast(3.f * p.goal);
    const float range = e_flag + p.gravity / 3.f;  // flag energy minus valley energy
    const float e = 0.5f * v * v + p.gravity / 3.f * envutil::sin_fast(3.f * x);
    const float deficit = range > 0.f ? std::max(0.f, e_flag - e) / range : 0.f;
    c += p.w_energy * deficit;
  }
  return x >= p.goal ? 0.f : c;
}
}  // namespace

void HillEnv::running_cost(CMatRef states, CMatRef actions, int, VecRef cost) const {
  const HillParams p = p_;
  envutil::for_each_cost<2, 1>(states, actions, cost, [=](const float* s, const float* a) {
    const float u = clip(a[0], -1.f, 1.f);
    return state_cost(p, s[0], s[1]) + p.w_action * u * u;
  });
}

void HillEnv::terminal_cost(CMatRef states, VecRef cost) const {
  const HillParams p = p_;
  envutil::for_each_terminal_cost<2>(states, cost, [=](const float* s) { return state_cost(p, s[0], s[1]); });
}

Vec HillEnv::reset(uint64_t seed) const {
  Rng rng(seed, 0x4111);
  Vec s(2);
  s << rng.uniform(-0.6f, -0.4f), 0.f;
  return s;
}

Vec HillEnv::process_noise_scale() const {
  Vec s(2);
  s << 0.01f, 0.002f;  // process_noise = 1 is a strong shove
  return s;
}

Outcome HillEnv::evaluate(const EpisodeView& ep) const {
  Outcome o;
  if (!ep.states || ep.states->empty()) {
    o.detail = "no states";
    return o;
  }
  const auto& st = *ep.states;
  o.distance = std::max(0.f, p_.goal - st.back()(0));
  float best = st.front()(0);
  for (size_t t = 0; t < st.size(); ++t) {
    best = std::max(best, st[t](0));
    if (st[t](0) >= p_.goal && st[t](1) >= 0.f) {
      o.success = true;
      char buf[96];
      std::snprintf(buf, sizeof buf, "reached the flag at step %d", int(t));
      o.detail = buf;
      return o;
    }
  }
  char buf[128];
  std::snprintf(buf, sizeof buf, "did not reach the flag (rightmost position %.2f, flag at %.2f)", double(best),
                double(p_.goal));
  o.detail = buf;
  return o;
}

std::map<std::string, double> HillEnv::recommended_planner_settings() const {
  return {{"horizon", 40}, {"sigma", 1.0}, {"lambda", 0.1}};
}

void HillEnv::draw(const Vec& s, DrawList& d) const {
  constexpr int n = 64;
  P2 pts[n];
  for (int k = 0; k < n; ++k) {
    const float x = kMinPosition + (kMaxPosition - kMinPosition) * float(k) / float(n - 1);
    pts[k] = P2(x, height(x));
  }
  d.polyline(pts, n, d.role(Role::Ground), 3.f);
  d.segment(P2(kMinPosition, height(kMinPosition)), P2(kMinPosition, height(kMinPosition) + 0.15f),
            d.role(Role::Ground), 3.f);  // the left wall
  // The flag.
  const P2 base(p_.goal, height(p_.goal)), top = base + P2(0.f, 0.18f);
  d.segment(base, top, d.role(Role::Goal), 2.f);
  const P2 flag[3] = {top, top + P2(0.09f, -0.03f), top + P2(0.f, -0.06f)};
  d.solid_polygon(flag, 3, d.role(Role::Goal));
  // The car, tilted with the slope.
  const float x = s(0), slope = 1.35f * std::cos(3.f * x);
  const P2 along = P2(1.f, slope).normalized(), up(-along.y(), along.x());
  const float half_w = 0.08f, h = 0.05f, wheel = 0.02f;
  const P2 c = P2(x, height(x)) + (wheel * 2.f) * up;
  const P2 body[4] = {c - half_w * along, c + half_w * along, c + half_w * along + h * up, c - half_w * along + h * up};
  d.solid_polygon(body, 4, d.role(Role::Body));
  d.solid_circle(c - 0.6f * half_w * along - wheel * up, wheel, d.role(Role::BodyAccent));
  d.solid_circle(c + 0.6f * half_w * along - wheel * up, wheel, d.role(Role::BodyAccent));
}

void HillEnv::draw_action(const Vec& s, const Vec& a, DrawList& d) const {
  if (a.size() < 1) return;
  const float u = clip(a(0), -1.f, 1.f);
  if (std::abs(u) < 1e-3f) return;
  const float x = s(0), slope = 1.35f * std::cos(3.f * x);
  const P2 along = P2(1.f, slope).normalized(), up(-along.y(), along.x());
  const P2 c = P2(x, height(x)) + 0.16f * up;
  d.arrow(c, c + 0.15f * u * along, d.role(Role::BodyAccent), 3.f);
}

void HillEnv::world_points(CMatRef states, Eigen::Ref<Eigen::Matrix2Xf> out) const {
  for (Eigen::Index i = 0; i < states.cols(); ++i) {
    const float x = states(0, i);
    out(0, i) = x;
    out(1, i) = height(x);
  }
}

Rect2 HillEnv::world_view() const { return {P2(-1.3f, -0.05f), P2(0.7f, 1.2f)}; }

bool HillEnv::on_drag(P2 from, P2 to, Vec& state) {
  if (state.size() != 2) return false;
  const float dx = to.x() - from.x();
  state(1) = clip(state(1) + 0.1f * dx, -p_.max_speed, p_.max_speed);
  return dx != 0.f;
}

}  // namespace mbrl
