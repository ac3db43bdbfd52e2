// topica: train, evaluate, explain and apply topica topic models from the command line.
#include <iostream>
#include <map>
#include <string>

#include <CLI/CLI.hpp>

#include "commands.h"
#include "cli_common.h"
#include "topica/version.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  CLI::App app{"topica: small, fast, explainable topic classification (TF-IDF + linear model)."};
  app.name("topica");
  app.set_version_flag("--version", std::string("topica ") + topica::Version());
  app.require_subcommand(1);
  using topica::cli::Runner;
  std::map<CLI::App*, Runner> runners;
  auto add = [&](const char* name, const char* help, Runner (*fn)(CLI::App*)) {
    CLI::App* sub = app.add_subcommand(name, help);
    runners[sub] = fn(sub);
  };
  add("train", "Train a model on labelled documents", &topica::cli::AddTrain);
  add("classify", "Tag documents (one JSON object per document on stdout)", &topica::cli::AddClassify);
  add("eval", "Score a model against labelled documents", &topica::cli::AddEval);
  add("explain", "Show which terms drive each predicted label", &topica::cli::AddExplain);
  add("info", "Describe a model: labels, sizes, settings, training summary", &topica::cli::AddInfo);
  // Set after the subcommands exist: CLI11 copies a parent's footer into subcommands added
  // later, and these lines only make sense under 'topica --help'.
  app.footer(
      "Run 'topica <command> --help' for a command's options.\n"
      "Examples:\n"
      "  topica classify article.txt                 # tag a text with the default model\n"
      "  topica train --data train.jsonl --out my.json\n"
      "  topica eval --model my.json --data test.jsonl\n"
      "  topica explain --model my.json article.txt");
  // Bare 'topica' shows what there is to do; a misspelt command is named (CLI11 would only
  // say "A subcommand is required").
  if (argc < 2) {
    std::cerr << app.help();
    return topica::cli::kExitUsage;
  }
  const std::string first = argv[1];
  if (!first.empty() && first[0] != '-' &&
      app.get_subcommands([&](CLI::App* sub) { return sub->get_name() == first; }).empty()) {
    std::cerr << "topica: error: unknown command '" << first
              << "' (expected train, classify, eval, explain or info)\n"
                 "Run 'topica --help' for usage.\n";
    return topica::cli::kExitUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);  // --help
    // Same shape as the commands' own errors: "topica <command>: error: ...".
    std::string command;
    for (const CLI::App* sub : app.get_subcommands()) command = sub->get_name();
    const std::string who = command.empty() ? "topica" : "topica " + command;
    std::cerr << who << ": error: " << e.what() << "\nRun '" << who << " --help' for usage.\n";
    return topica::cli::kExitUsage;
  }
  for (const auto& [sub, run] : runners) {
    if (sub->parsed()) {
      try {
        return run();
      } catch (const std::exception& e) {  // e.g. out of memory while training
        return topica::cli::Fail(sub->get_name(), e.what());
      }
    }
  }
  return topica::cli::kExitUsage;
}
