#include "envs/cartpole.hpp"

#include <cmath>
#include <cstdio>

#include "core/rng.hpp"
#include "envs/env_util.hpp"

namespace mbrl {

using envutil::angle_normalize;
using envutil::clip;

std::string CartPoleEnv::description() const {
  return "Cart-pole swing-up: push a cart left and right (continuous force, at most 10 N) to swing a "
         "pole up from hanging down and balance it upright over the centre of the track. The pole "
         "must be pumped up by moving the cart back and forth, within the track: the cost rewards "
         "an upright pole (1 - cos theta) and a centred cart and punishes leaving the track. "
         "Success: within 0.2 rad of upright with the cart on the track for the last 20 steps.";
}

ActionBounds CartPoleEnv::action_bounds() const {
  return {Vec::Constant(1, -p_.max_force), Vec::Constant(1, p_.max_force)};
}

void CartPoleEnv::step(CMatRef states, CMatRef actions, MatRef next, const StepContext&) const {
  const float total_mass = p_.m_cart + p_.m_pole;
  const float inv_total = 1.f / total_mass;
  const float pml = p_.m_pole * p_.half_length;  // pole mass times half-length
  const float dt = p_.dt, fmax = p_.max_force, g = p_.g, l = p_.half_length;
  const float mp_over_total = p_.m_pole / total_mass;
  envutil::for_each_column<4, 1>(states, actions, next, [=](const float* st, const float* a, float* out) {
    const float x = st[0], xdot = st[1], th = st[2], thdot = st[3];
    const float force = clip(a[0], -fmax, fmax);
    const float s = envutil::sin_fast(th), c = envutil::cos_fast(th);
    const float temp = (force + pml * thdot * thdot * s) * inv_total;
    const float thacc = (g * s - c * temp) / (l * (4.f / 3.f - mp_over_total * c * c));
    const float xacc = temp - pml * thacc * c * inv_total;
    const float new_xdot = xdot + dt * xacc;
    const float new_thdot = thdot + dt * thacc;
    out[0] = x + dt * new_xdot;
    out[1] = new_xdot;
    out[2] = th + dt * new_thdot;
    out[3] = new_thdot;
  });
}

namespace {
// Taking the params by value lets the compiler keep them in registers: the cost loop then
// vectorises (reads through `this` might alias the cost output).
inline float state_cost(const CartPoleParams& p, const float* s) {
  const float x = s[0], xdot = s[1], th = s[2], thdot = s[3];
  const float over = std::max(std::abs(x) - p.track, 0.f);
  return (1.f - envutil::cos_fast(th)) + p.w_x * x * x + p.w_speed * (xdot * xdot + thdot * thdot) +
         p.w_track * over * over;
}
}  // namespace

void CartPoleEnv::running_cost(CMatRef states, CMatRef actions, int, VecRef cost) const {
  const CartPoleParams p = p_;
  const float inv_f = p.max_force > 0.f ? 1.f / p.max_force : 0.f;
  envutil::for_each_cost<4, 1>(states, actions, cost, [=](const float* s, const float* a) {
    const float u = clip(a[0], -p.max_force, p.max_force) * inv_f;
    return state_cost(p, s) + p.w_force * u * u;
  });
}

void CartPoleEnv::terminal_cost(CMatRef states, VecRef cost) const {
  const CartPoleParams p = p_;
  envutil::for_each_terminal_cost<4>(states, cost, [=](const float* s) { return state_cost(p, s); });
}

Vec CartPoleEnv::reset(uint64_t seed) const {
  Vec s(4);
  s << 0.f, 0.f, envutil::kPi, 0.f;
  if (p_.init_noise > 0.f) {
    Rng rng(seed, 0xca127);
    for (int k = 0; k < 4; ++k) s(k) += rng.uniform(-p_.init_noise, p_.init_noise);
  }
  return s;
}

Vec CartPoleEnv::process_noise_scale() const {
  Vec s(4);
  s << 0.05f, 0.3f, 0.1f, 0.5f;  // process_noise = 1 is a strong shove
  return s;
}

Outcome CartPoleEnv::evaluate(const EpisodeView& ep) const {
  Outcome o;
  if (!ep.states || ep.states->empty()) {
    o.detail = "no states";
    return o;
  }
  const float track = p_.track;
  const int held = envutil::trailing_count(*ep.states, [track](const Vec& s) {
    return std::abs(angle_normalize(s(2))) < kUprightTol && std::abs(s(0)) <= track;
  });
  int left_at = -1;
  for (size_t t = 0; t < ep.states->size(); ++t)
    if (std::abs((*ep.states)[t](0)) > track) {
      left_at = int(t);
      break;
    }
  o.success = held >= kHoldSteps;
  char buf[160];
  const Vec& last = ep.states->back();
  o.distance = std::abs(angle_normalize(last(2)));
  if (o.success)
    std::snprintf(buf, sizeof buf, "upright and on the track for the last %d steps", held);
  else if (std::abs(last(0)) > track)
    std::snprintf(buf, sizeof buf, "cart off the track at the end (x = %.2f m, first left at step %d)", double(last(0)),
                  left_at);
  else if (held > 0)
    std::snprintf(buf, sizeof buf, "upright for only %d of the required %d final steps", held, kHoldSteps);
  else
    std::snprintf(buf, sizeof buf, "pole not upright at the end (theta = %.2f rad)", double(angle_normalize(last(2))));
  o.detail = buf;
  return o;
}

std::map<std::string, double> CartPoleEnv::recommended_planner_settings() const {
  return {{"horizon", 30}, {"sigma", 0.5}, {"lambda", 1.0}};
}

void CartPoleEnv::draw(const Vec& s, DrawList& d) const {
  const float x = s(0), th = s(2), L = 2.f * p_.half_length, tr = p_.track;
  const float cart_w = 0.5f, cart_h = 0.25f, wheel = 0.06f;
  const float rail_y = -0.5f * cart_h - 2.f * wheel;
  // Track with end stops; the goal: the pole upright over the centre.
  d.segment(P2(-tr, rail_y), P2(tr, rail_y), d.role(Role::Ground), 3.f);
  d.segment(P2(-tr, rail_y), P2(-tr, rail_y + 0.3f), d.role(Role::Hazard), 3.f);
  d.segment(P2(tr, rail_y), P2(tr, rail_y + 0.3f), d.role(Role::Hazard), 3.f);
  d.segment(P2(0.f, 0.f), P2(0.f, L), d.role(Role::Goal).with_alpha(0.35f), 1.5f);
  d.circle(P2(0.f, L), 0.1f, d.role(Role::Goal), 1.5f);
  // Cart, wheels, pole, pivot.
  d.rect(P2(x - 0.5f * cart_w, -0.5f * cart_h), P2(x + 0.5f * cart_w, 0.5f * cart_h), d.role(Role::Body));
  d.solid_circle(P2(x - 0.3f * cart_w, rail_y + wheel), wheel, d.role(Role::Ground));
  d.solid_circle(P2(x + 0.3f * cart_w, rail_y + wheel), wheel, d.role(Role::Ground));
  const P2 pivot(x, 0.f), tip(x + L * std::sin(th), L * std::cos(th));
  d.segment(pivot, tip, d.role(Role::BodyAccent), 6.f);
  d.solid_circle(tip, 0.05f, d.role(Role::BodyAccent));
  d.solid_circle(pivot, 0.04f, d.role(Role::Ground));
}

void CartPoleEnv::draw_action(const Vec& s, const Vec& a, DrawList& d) const {
  if (a.size() < 1 || p_.max_force <= 0.f) return;
  const float frac = clip(a(0) / p_.max_force, -1.f, 1.f);
  if (std::abs(frac) < 1e-3f) return;
  // The force as a horizontal arrow from the cart's side.
  const float x = s(0), side = frac > 0.f ? -0.25f : 0.25f;
  const P2 from(x + side - 0.6f * frac, 0.f);
  d.arrow(from, P2(x + side, 0.f), d.role(Role::BodyAccent), 3.f);
}

void CartPoleEnv::world_points(CMatRef states, Eigen::Ref<Eigen::Matrix2Xf> out) const {
  const float L = 2.f * p_.half_length;
  for (Eigen::Index i = 0; i < states.cols(); ++i) {
    out(0, i) = states(0, i) + L * std::sin(states(2, i));
    out(1, i) = L * std::cos(states(2, i));
  }
}

Rect2 CartPoleEnv::world_view() const {
  const float L = 2.f * p_.half_length, w = p_.track + 0.5f;
  return {P2(-w, -L - 0.4f), P2(w, L + 0.4f)};
}

bool CartPoleEnv::on_drag(P2 from, P2 to, Vec& state) {
  if (state.size() != 4) return false;
  const P2 delta = to - from;
  const float x = state(0), th = state(2), L = 2.f * p_.half_length;
  const P2 pivot(x, 0.f), tip(x + L * std::sin(th), L * std::cos(th));
  // Grabbing near the pole pushes the pole (angular velocity), elsewhere the cart.
  const P2 seg = tip - pivot;
  const float along = clip((from - pivot).dot(seg) / seg.squaredNorm(), 0.f, 1.f);
  const float to_pole = (from - (pivot + along * seg)).norm();
  if (to_pole < 0.25f && along > 0.3f) {
    const P2 tangent(std::cos(th), -std::sin(th));  // d tip / d theta / L
    state(3) += 3.f * delta.dot(tangent) / (along * L);
  } else {
    state(1) += 3.f * delta.x();
  }
  return delta.squaredNorm() > 0.f;
}

}  // namespace mbrl
