#pragma once
// The command line: `run`, `bench` and (with the window built) the GUI entry.
namespace mbrl {
int cli_main(int argc, char** argv);
}
