#pragma once
// The one global palette of a GIF recording and the mapping of pixels onto it. One palette for
// the whole file: per-frame palettes (and dithering) make flat areas flicker between frames.
//
// The 256 entries: the hint colours exactly (the theme's background, curves, text), ramps from
// the first hint (the background) to each other one (anti-aliased edges blend into the
// background), a colour cube (6x6x6 while it fits) and greys for the rest. A pixel maps to its
// palette entry when its colour is one exactly, else to the entry nearest to the centre of its
// 8x8x8 cell of RGB space (a 32x32x32 table made once), never dithered.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "media/frame.hpp"

namespace mbrl::media {

class GifPalette {
 public:
  // Hints beyond 256 or repeated are ignored (the caller refuses more than 256).
  explicit GifPalette(const std::vector<Rgb8>& hints);

  const std::array<Rgb8, 256>& colors() const { return colors_; }

  uint8_t index_of(uint8_t r, uint8_t g, uint8_t b) const {
    const uint16_t v = table_[(r >> 3) << 10 | (g >> 3) << 5 | b >> 3];
    if (v < 256) return uint8_t(v);
    const uint32_t key = uint32_t(r) << 16 | uint32_t(g) << 8 | b;
    for (const Exact* e = &exact_[v - 256];; ++e)
      if (e->rgb == key || e->rgb == kEndOfCell) return e->index;
  }

  // `pixels` RGBA8 pixels to palette indices (alpha is ignored).
  void map(const uint8_t* rgba, size_t pixels, uint8_t* indices) const;

 private:
  // A palette colour in a cell of the table; each cell's list ends with kEndOfCell and the
  // cell's nearest entry.
  struct Exact {
    uint32_t rgb;
    uint8_t index;
  };
  static constexpr uint32_t kEndOfCell = 0xffffffffu;

  std::array<Rgb8, 256> colors_{};
  // Per cell: the nearest entry's index (< 256), or 256 + where the cell's exact list starts.
  std::vector<uint16_t> table_;
  std::vector<Exact> exact_;
};

}  // namespace mbrl::media
