#include "media/gif_palette.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mbrl::media {

namespace {

constexpr int kCells = 32 * 32 * 32;

int cell_of(Rgb8 c) { return (c.r >> 3) << 10 | (c.g >> 3) << 5 | c.b >> 3; }

// Weighted squared RGB distance: the eye is most sensitive to green, least to blue.
int distance(int r, int g, int b, Rgb8 c) {
  const int dr = r - c.r, dg = g - c.g, db = b - c.b;
  return 3 * dr * dr + 4 * dg * dg + 2 * db * db;
}

uint8_t mix(uint8_t a, uint8_t b, double t) { return uint8_t(std::lround(a + (b - a) * t)); }

// 0..255 in an order that spreads any prefix evenly (0, 128, 64, 192, 32, ...): the bit reversal.
uint8_t spread(int i) {
  uint8_t v = 0;
  for (int bit = 0; bit < 8; ++bit)
    if (i & (1 << bit)) v |= uint8_t(0x80 >> bit);
  return v;
}

std::vector<Rgb8> palette_colors(const std::vector<Rgb8>& hints) {
  std::vector<Rgb8> colors;
  auto add = [&](Rgb8 c) {
    if (colors.size() < 256 && std::find(colors.begin(), colors.end(), c) == colors.end()) colors.push_back(c);
  };
  for (Rgb8 c : hints) add(c);
  const int hinted = int(colors.size());

  int side = 6;  // the cube shrinks only when many hints leave no room for 216 entries
  while (side > 1 && side * side * side > 256 - hinted) --side;
  const int spare = std::max(0, 256 - hinted - side * side * side);
  // Ramps take what is left after a dozen greys, at most 3 steps per hint.
  if (hinted >= 2) {
    const int steps = std::min(3, (spare - std::min(spare, 12)) / (hinted - 1));
    const Rgb8 background = colors[0];
    for (int h = 1; h < hinted; ++h) {
      const Rgb8 to = colors[size_t(h)];
      for (int s = 1; s <= steps; ++s) {
        const double t = double(s) / (steps + 1);
        add({mix(background.r, to.r, t), mix(background.g, to.g, t), mix(background.b, to.b, t)});
      }
    }
  }
  auto level = [&](int i) { return side == 1 ? uint8_t(0) : uint8_t(std::lround(255.0 * i / (side - 1))); };
  for (int r = 0; r < side; ++r)
    for (int g = 0; g < side; ++g)
      for (int b = 0; b < side; ++b) add({level(r), level(g), level(b)});
  // 256 distinct greys exist, so this always fills the palette.
  for (int i = 0; i < 256; ++i) add({spread(i), spread(i), spread(i)});
  return colors;
}

}  // namespace

GifPalette::GifPalette(const std::vector<Rgb8>& hints) {
  const std::vector<Rgb8> colors = palette_colors(hints);
  std::copy(colors.begin(), colors.end(), colors_.begin());

  // Entry by entry over all cells (not cell by cell over the entries): the inner loop runs over
  // contiguous arrays and vectorises, about 4x faster here than the nested search the other way.
  std::vector<int> red(kCells), green(kCells), blue(kCells), best_d(kCells, std::numeric_limits<int>::max());
  for (int cell = 0; cell < kCells; ++cell) {
    red[size_t(cell)] = (cell >> 10) * 8 + 4;
    green[size_t(cell)] = ((cell >> 5) & 31) * 8 + 4;
    blue[size_t(cell)] = (cell & 31) * 8 + 4;
  }
  std::vector<int> best(kCells, 0);
  for (int i = 0; i < 256; ++i) {
    const Rgb8 c = colors_[size_t(i)];
    for (size_t cell = 0; cell < size_t(kCells); ++cell) {
      const int d = distance(red[cell], green[cell], blue[cell], c);
      const bool nearer = d < best_d[cell];  // selects, not branches: they vectorise
      best_d[cell] = nearer ? d : best_d[cell];
      best[cell] = nearer ? i : best[cell];
    }
  }
  table_.assign(best.begin(), best.end());
  // Cells holding palette colours (all distinct) get a list of them, so those map exactly.
  std::vector<std::vector<int>> members(kCells);
  for (int i = 0; i < 256; ++i) members[size_t(cell_of(colors_[size_t(i)]))].push_back(i);
  for (int cell = 0; cell < kCells; ++cell) {
    if (members[size_t(cell)].empty()) continue;
    const uint8_t nearest = uint8_t(table_[size_t(cell)]);
    table_[size_t(cell)] = uint16_t(256 + exact_.size());
    for (int i : members[size_t(cell)]) {
      const Rgb8 c = colors_[size_t(i)];
      exact_.push_back({uint32_t(c.r) << 16 | uint32_t(c.g) << 8 | c.b, uint8_t(i)});
    }
    exact_.push_back({kEndOfCell, nearest});
  }
}

void GifPalette::map(const uint8_t* rgba, size_t pixels, uint8_t* indices) const {
  for (size_t i = 0; i < pixels; ++i, rgba += 4) indices[i] = index_of(rgba[0], rgba[1], rgba[2]);
}

}  // namespace mbrl::media
