#pragma once
// Include first in translation units where GCC inlines Eigen's vectorised kernels (GEMMs,
// reductions, exp/log). GCC 12 with -march=native (AVX-512) reports -Wmaybe-uninitialized and
// -Wuninitialized inside avx512fintrin.h for them: a known false positive of that compiler, not
// of this code. The diagnostic state must be set before Eigen's headers are read, hence a header.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
