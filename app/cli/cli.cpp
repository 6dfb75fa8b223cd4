#include "app/cli/cli.hpp"

#include <cstdio>

namespace mbrl {
int cli_main(int, char**) {
  std::puts("mbrl-playground: under construction");
  return 0;
}
}  // namespace mbrl
