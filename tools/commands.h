// The subcommands of the topica tool. Each Add* registers its options on `app` and returns
// the function that runs it after parsing (returning the process exit code).
#ifndef TOPICA_TOOLS_COMMANDS_H_
#define TOPICA_TOOLS_COMMANDS_H_

#include <functional>

#include <CLI/CLI.hpp>

namespace topica::cli {

using Runner = std::function<int()>;

Runner AddTrain(CLI::App* app);
Runner AddClassify(CLI::App* app);
Runner AddEval(CLI::App* app);
Runner AddExplain(CLI::App* app);
Runner AddInfo(CLI::App* app);

}  // namespace topica::cli

#endif  // TOPICA_TOOLS_COMMANDS_H_
