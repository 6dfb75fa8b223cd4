// Entry point: `run`, `bench` and other subcommands are headless (app/cli); with no
// subcommand the window opens (app/gui) when the app is built.
#include "app/cli/cli.hpp"

int main(int argc, char** argv) { return mbrl::cli_main(argc, argv); }
