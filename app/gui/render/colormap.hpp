#pragma once
// Colour maps and themes for the app: colour-vision-deficiency-safe (viridis for sample
// trajectories, Okabe-Ito for plot series and semantic overlays) and two themes, a dark one and
// a light "projector" one. Plain RGBA floats (mbrl::Color from envs/draw.hpp), no ImGui types,
// header-only, so the renderer, the plots and the unit tests share one definition.
#include <algorithm>
#include <cmath>

#include "envs/draw.hpp"

namespace mbrl::gui {

using Rgba = mbrl::Color;

enum class Theme { Dark, Projector };

// Everything a panel or plot needs to colour itself in one theme.
struct ThemePalette {
  Rgba background;  // window clear colour / world background
  Rgba panel;       // panel / plot-area background
  Rgba grid;        // grid lines
  Rgba axis;        // axis lines and tick marks
  Rgba text;        // labels, titles
  Rgba text_dim;    // secondary text (units, legend hints)
  Rgba cursor;      // hover cursor line in plots
  // Semantic overlay colours, chosen apart from the viridis sample map and from each other.
  Rgba elite;        // CEM elites (reddish purple)
  Rgba mean_plan;    // the nominal / mean plan (white on dark, black on light: no map colour)
  Rgba best_sample;  // the cheapest sample (vermillion)
  Rgba executed;     // the executed path / trail (sky blue / blue)
  Rgba reference;    // reference lines in plots (bounds, thresholds, ESS)
};

namespace detail {
inline constexpr float kByte = 1.f / 255.f;
constexpr Rgba hex(unsigned v, float a = 1.f) {
  return {float((v >> 16) & 0xff) * kByte, float((v >> 8) & 0xff) * kByte, float(v & 0xff) * kByte, a};
}
// viridis sampled at t = i/9 (matplotlib's map, as R's viridis(10)).
inline constexpr unsigned kViridis[10] = {0x440154, 0x482878, 0x3E4A89, 0x31688E, 0x26828E,
                                          0x1F9E89, 0x35B779, 0x6DCD59, 0xB4DE2C, 0xFDE725};
// Okabe-Ito: orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple, black.
inline constexpr unsigned kOkabeIto[8] = {0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442,
                                          0x0072B2, 0xD55E00, 0xCC79A7, 0x000000};
}  // namespace detail

inline Rgba lerp(Rgba a, Rgba b, float t) {
  return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t, a.a + (b.a - a.a) * t};
}

// viridis(t), t in [0, 1] (clamped; NaN maps to 0): dark purple -> blue -> green -> yellow,
// lightness increasing monotonically.
inline Rgba viridis(float t) {
  if (!(t > 0.f)) t = 0.f;  // also catches NaN
  if (t > 1.f) t = 1.f;
  const float x = t * 9.f;
  const int i = std::min(int(x), 8);
  return lerp(detail::hex(detail::kViridis[i]), detail::hex(detail::kViridis[i + 1]), x - float(i));
}

inline const ThemePalette& palette(Theme theme) {
  using detail::hex;
  static const ThemePalette dark{hex(0x16181d), hex(0x1f2229), hex(0x3a3f4b),        hex(0x9aa0ab),
                                 hex(0xe6e8ec), hex(0x9aa0ab), hex(0xffffff, 0.55f), hex(0xe58fc0),
                                 hex(0xffffff), hex(0xff7a33), hex(0x56b4e9),        hex(0xc8ccd4, 0.8f)};
  static const ThemePalette projector{hex(0xfafaf7), hex(0xffffff), hex(0xd9dbe0),        hex(0x3c4048),
                                      hex(0x111318), hex(0x50555f), hex(0x000000, 0.45f), hex(0xb0417f),
                                      hex(0x000000), hex(0xd55e00), hex(0x0072b2),        hex(0x50555f, 0.85f)};
  return theme == Theme::Dark ? dark : projector;
}

// Colour of the i-th plot series (Okabe-Ito, reordered per theme so the first ones have the most
// contrast against the background: no black on dark, yellow last on light).
inline Rgba series_color(int i, Theme theme) {
  using detail::hex;
  static constexpr int dark_order[8] = {1, 0, 2, 6, 3, 5, 4, 7};   // sky blue, orange, green, ...
  static constexpr int light_order[8] = {4, 5, 2, 6, 0, 1, 7, 3};  // blue, vermillion, green, ...
  const int k = ((i % 8) + 8) % 8;
  if (theme == Theme::Dark) {
    const int j = dark_order[k];
    return j == 7 ? hex(0xdddddd) : hex(detail::kOkabeIto[j]);
  }
  return hex(detail::kOkabeIto[light_order[k]]);
}

// Colour of a sampled trajectory from its weight (MPPI) or its rank score (1 = cheapest,
// 0 = most expensive) in [0, 1]. Both colour and alpha carry it: on dark, heavy samples are the
// bright yellow end of viridis and light ones faint blue-purple; on the projector theme (white
// background, where yellow vanishes) heavy samples are strong dark purple and light ones faint
// green-yellow. `alpha_scale` lets the renderer thin out the picture when thousands are drawn.
inline Rgba trajectory_color(float weight01, Theme theme, float alpha_scale = 1.f) {
  if (!(weight01 > 0.f)) weight01 = 0.f;
  if (weight01 > 1.f) weight01 = 1.f;
  const float alpha = (0.12f + 0.88f * weight01) * alpha_scale;
  if (theme == Theme::Dark) return viridis(0.15f + 0.85f * weight01).with_alpha(alpha);
  return viridis(0.85f * (1.f - weight01)).with_alpha(alpha);
}

// Maps a weight w (where weights are tiny and spread over decades) to [0, 1] relative to the
// largest weight, logarithmically over `decades` decades: w_max -> 1, w_max * 10^-decades -> 0.
inline float weight_to_unit(float w, float w_max, float decades = 3.f) {
  if (!(w > 0.f) || !(w_max > 0.f)) return 0.f;
  const float v = 1.f + std::log10(w / w_max) / decades;
  return std::isfinite(v) ? std::clamp(v, 0.f, 1.f) : 0.f;  // inf / inf: no weight to show
}

// Rank score of the sample with rank r (0 = cheapest) among n: 1 for the cheapest, 0 for the last.
inline float rank_to_unit(int rank, int n) {
  if (n <= 1) return 1.f;
  return std::clamp(1.f - float(rank) / float(n - 1), 0.f, 1.f);
}

// Theme colours for the environments' semantic roles (DrawList::role).
inline Rgba role_color(Role r, Theme theme) {
  using detail::hex;
  const bool dark = theme == Theme::Dark;
  switch (r) {
    case Role::Body:
      return dark ? hex(0xd9dde6) : hex(0x2b2f38);
    case Role::BodyAccent:
      return dark ? hex(0xe69f00) : hex(0xc77f00);
    case Role::Ground:
      return dark ? hex(0x737884) : hex(0x8a8f99);
    case Role::Obstacle:
      return dark ? hex(0x8c5d6b) : hex(0x9c6b78);
    case Role::Goal:
      return dark ? hex(0x009e73) : hex(0x00875f);
    case Role::Hazard:
      return dark ? hex(0xd55e00) : hex(0xc04f00);
    case Role::Text:
      return palette(theme).text;
    case Role::Grid:
      return palette(theme).grid;
  }
  return palette(theme).text;
}

// Relative luminance (WCAG) of a colour, for tests and contrast checks.
inline float luminance(Rgba c) {
  auto lin = [](float v) { return v <= 0.04045f ? v / 12.92f : std::pow((v + 0.055f) / 1.055f, 2.4f); };
  return 0.2126f * lin(c.r) + 0.7152f * lin(c.g) + 0.0722f * lin(c.b);
}

// ImGui packs colours as 0xAABBGGRR; this gives the same packing without including ImGui.
// A colour channel clamped to [0, 1]; NaN gives 0 (std::clamp passes NaN through, and lround(NaN)
// is unspecified).
inline float unit_channel(float v) { return v > 0.f ? (v < 1.f ? v : 1.f) : 0.f; }

inline unsigned pack_abgr(Rgba c) {
  auto b = [](float v) { return unsigned(std::lround(unit_channel(v) * 255.f)); };
  return (b(c.a) << 24) | (b(c.b) << 16) | (b(c.g) << 8) | b(c.r);
}

}  // namespace mbrl::gui
