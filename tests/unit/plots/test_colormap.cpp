// Colour maps and themes: viridis is the real map (endpoints) and gets lighter monotonically, the
// trajectory fade makes heavy samples stand out on both themes, the semantic overlay colours
// differ from every sample colour, and text stays readable on both backgrounds.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "app/gui/render/colormap.hpp"

using namespace mbrl::gui;

namespace {

float dist(Rgba a, Rgba b) {
  return std::sqrt((a.r - b.r) * (a.r - b.r) + (a.g - b.g) * (a.g - b.g) + (a.b - b.b) * (a.b - b.b));
}

// WCAG contrast ratio between two opaque colours.
float contrast(Rgba a, Rgba b) {
  const float la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05f) / (std::min(la, lb) + 0.05f);
}

// A translucent colour over an opaque background.
Rgba over(Rgba c, Rgba bg) { return lerp(bg, c.with_alpha(1.f), c.a); }

}  // namespace

TEST_CASE("viridis: matplotlib's endpoints, clamped, with lightness rising monotonically") {
  const Rgba lo = viridis(0.f), hi = viridis(1.f);
  CHECK(lo.r == doctest::Approx(0x44 / 255.f));
  CHECK(lo.g == doctest::Approx(0x01 / 255.f));
  CHECK(lo.b == doctest::Approx(0x54 / 255.f));
  CHECK(hi.r == doctest::Approx(0xFD / 255.f));
  CHECK(hi.g == doctest::Approx(0xE7 / 255.f));
  CHECK(hi.b == doctest::Approx(0x25 / 255.f));
  CHECK(dist(viridis(-3.f), lo) == 0.f);
  CHECK(dist(viridis(7.f), hi) == 0.f);
  CHECK(dist(viridis(std::nanf("")), lo) == 0.f);
  float prev = -1.f;
  for (int i = 0; i <= 400; ++i) {
    const float l = luminance(viridis(float(i) / 400.f));
    CAPTURE(i);
    CHECK(l > prev);
    prev = l;
  }
  CHECK(luminance(hi) > 20.f * luminance(lo));  // a wide lightness range, readable in greyscale
}

TEST_CASE("trajectory colours: heavier samples are more opaque and stand out more, on both themes") {
  for (Theme th : {Theme::Dark, Theme::Projector}) {
    const Rgba bg = palette(th).background;
    float prev_alpha = -1.f, prev_contrast = 0.f;
    for (int i = 0; i <= 20; ++i) {
      const Rgba c = trajectory_color(float(i) / 20.f, th);
      CAPTURE(i);
      CHECK(c.a > prev_alpha);
      const float k = contrast(over(c, bg), bg);
      CHECK(k > prev_contrast);
      prev_alpha = c.a, prev_contrast = k;
    }
    CHECK(prev_contrast > 4.5f);                 // the heaviest sample is clearly visible
    CHECK(trajectory_color(0.f, th).a < 0.25f);  // light samples recede
    // Out-of-range and NaN inputs are clamped, not propagated.
    CHECK(std::isfinite(trajectory_color(std::nanf(""), th).r));
    CHECK(trajectory_color(5.f, th).a == doctest::Approx(trajectory_color(1.f, th).a));
  }
  // Dark theme: heavy = the bright yellow end.
  CHECK(luminance(trajectory_color(1.f, Theme::Dark)) > 0.6f);
}

TEST_CASE("semantic overlay colours differ from the sample map and from each other") {
  for (Theme th : {Theme::Dark, Theme::Projector}) {
    const ThemePalette& p = palette(th);
    const Rgba sem[] = {p.elite, p.mean_plan, p.best_sample, p.executed};
    for (int a = 0; a < 4; ++a) {
      for (int b = a + 1; b < 4; ++b) CHECK(dist(sem[a], sem[b]) > 0.3f);
      // Not confusable with any colour a sampled trajectory can take in this theme.
      float closest = 10.f;
      for (int i = 0; i <= 100; ++i)
        closest = std::min(closest, dist(sem[a], trajectory_color(float(i) / 100.f, th).with_alpha(1)));
      CAPTURE(a);
      CHECK(closest > 0.2f);
      CHECK(contrast(sem[a], p.background) > 3.f);
    }
  }
}

TEST_CASE("themes: text is readable, grid is subtle, plot series are visible") {
  for (Theme th : {Theme::Dark, Theme::Projector}) {
    const ThemePalette& p = palette(th);
    CHECK(contrast(p.text, p.background) >= 7.f);  // WCAG AAA for body text (projectors wash out)
    CHECK(contrast(p.text, p.panel) >= 7.f);
    CHECK(contrast(p.text_dim, p.panel) >= 3.f);
    const float grid = contrast(over(p.grid, p.panel), p.panel);
    CHECK(grid > 1.1f);
    CHECK(grid < 3.f);
    for (int i = 0; i < 6; ++i) {
      CAPTURE(i);
      CHECK(contrast(series_color(i, th), p.panel) > 2.f);
      for (int j = 0; j < i; ++j) CHECK(dist(series_color(i, th), series_color(j, th)) > 0.25f);
    }
  }
  // The two themes really differ: dark background vs light background.
  CHECK(luminance(palette(Theme::Dark).background) < 0.05f);
  CHECK(luminance(palette(Theme::Projector).background) > 0.8f);
}

TEST_CASE("weight and rank helpers map onto [0, 1] with the heaviest / cheapest at 1") {
  CHECK(weight_to_unit(0.5f, 0.5f) == 1.f);
  CHECK(weight_to_unit(0.0005f, 0.5f, 3.f) == doctest::Approx(0.f).epsilon(1e-5));
  CHECK(weight_to_unit(0.05f, 0.5f, 2.f) == doctest::Approx(0.5f));
  CHECK(weight_to_unit(0.f, 0.5f) == 0.f);
  CHECK(weight_to_unit(std::nanf(""), 0.5f) == 0.f);
  CHECK(rank_to_unit(0, 100) == 1.f);
  CHECK(rank_to_unit(99, 100) == 0.f);
  CHECK(rank_to_unit(0, 1) == 1.f);
  CHECK(pack_abgr(Rgba{1.f, 0.f, 0.f, 1.f}) == 0xFF0000FFu);  // ImGui's IM_COL32(255, 0, 0, 255)
}

TEST_CASE("non-finite colours and weights pack to defined bytes: NaN channels are 0, inf weights no weight") {
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  CHECK(pack_abgr(Rgba(nan, 1.f, nan, nan)) == 0x0000ff00u);
  CHECK(pack_abgr(Rgba(inf, -inf, 2.f, 1.f)) == 0xffff00ffu);  // a, b, g, r
  CHECK(unit_channel(nan) == 0.f);
  CHECK(weight_to_unit(inf, inf) == 0.f);
  CHECK(weight_to_unit(nan, 1.f) == 0.f);
  CHECK(weight_to_unit(1.f, nan) == 0.f);
  CHECK(std::isfinite(trajectory_color(weight_to_unit(inf, inf), Theme::Dark).a));
}
